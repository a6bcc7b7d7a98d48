import { Text } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { formatClock } from "../../../lib/duration";

/** Talk time since the call was answered, ticking every second: "3:12". */
export function CallTimer({ connectedAt }: { connectedAt: string }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const seconds = (now.getTime() - new Date(connectedAt).getTime()) / 1000;
  return (
    <Text
      as="span"
      font="numeric"
      weight="semibold"
      data-testid="call-timer"
      aria-label={t("calling.talkTime")}
      role="timer"
    >
      {formatClock(seconds)}
    </Text>
  );
}
