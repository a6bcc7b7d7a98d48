import { Badge, Tooltip, type BadgeProps } from "@fluentui/react-components";
import {
  CellularData1Regular,
  CellularData3Regular,
  CellularData4Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { CallQualityScore } from "../../../ipc/commands";
import { formatMos, qualityLevel, type QualityLevel } from "../hooks/callPhase";

const LOOK: Record<QualityLevel, { color: BadgeProps["color"]; icon: ReactElement }> = {
  good: { color: "success", icon: <CellularData1Regular /> },
  fair: { color: "warning", icon: <CellularData3Regular /> },
  poor: { color: "danger", icon: <CellularData4Regular /> },
};

/** How the line sounds (MOS from RTCP), with loss, jitter and round trip on hover or focus. */
export function CallQuality({ quality }: { quality: CallQualityScore }) {
  const { t, i18n } = useTranslation();
  const level = qualityLevel(quality);
  const mos = formatMos(quality.mosX100, i18n.language);
  const details = t("calling.quality.details", {
    mos,
    loss: quality.lossPermille,
    jitter: quality.jitterMs,
    rtt: quality.roundTripMs,
  });
  return (
    <Tooltip content={details} relationship="description" withArrow>
      <Badge
        appearance="tint"
        color={LOOK[level].color}
        icon={LOOK[level].icon}
        tabIndex={0}
        data-testid="call-quality"
        data-level={level}
      >
        {t(`calling.quality.${level}`)} · {mos}
      </Badge>
    </Tooltip>
  );
}
