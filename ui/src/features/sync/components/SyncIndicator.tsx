import { Button, makeStyles, tokens } from "@fluentui/react-components";
import {
  CloudArrowUp20Regular,
  CloudCheckmark20Regular,
  CloudError20Regular,
  CloudOff20Regular,
  CloudSync20Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { SyncStatus } from "../../../ipc/commands";
import { useNow } from "../../../hooks/useNow";
import { formatRelative } from "../../../lib/relativeTime";
import { CRM_NAME } from "../crmName";
import { indicatorState } from "../indicatorState";

const useStyles = makeStyles({
  root: { display: "inline-flex", alignItems: "center", minWidth: 0 },
  button: { minWidth: 0, maxWidth: "240px", fontWeight: tokens.fontWeightRegular },
  text: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  synced: { color: tokens.colorStatusSuccessForeground1 },
  busy: { color: tokens.colorBrandForeground1 },
  waiting: { color: tokens.colorNeutralForeground2 },
  warning: { color: tokens.colorStatusWarningForeground1 },
  danger: { color: tokens.colorStatusDangerForeground1 },
});

export type SyncIndicatorProps = {
  status: SyncStatus | null;
  /** Opens Settings on the Dynamics 365 tab. */
  onOpen: () => void;
};

/** The sync with Dynamics 365 in the header: synced, syncing, N waiting, offline, sign in needed. */
export function SyncIndicator({ status, onOpen }: SyncIndicatorProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const now = useNow(60_000);
  const state = indicatorState(status);
  if (!status || !state) return null;

  let icon: ReactElement;
  let label: string;
  switch (state) {
    case "signInNeeded":
      label = t("sync.state.signInNeeded");
      icon = <CloudError20Regular className={styles.warning} />;
      break;
    case "signingIn":
      label = t("sync.state.signingIn");
      icon = <CloudSync20Regular className={styles.busy} />;
      break;
    case "syncing":
      label = t("sync.state.syncing");
      icon = <CloudSync20Regular className={styles.busy} />;
      break;
    case "offline":
      label = t("sync.state.offline");
      icon = <CloudOff20Regular className={styles.waiting} />;
      break;
    case "problem":
      label = t("sync.state.problem");
      icon = <CloudError20Regular className={styles.danger} />;
      break;
    case "waiting":
      label = t("sync.state.waiting", {
        count: status.pending,
        formatted: status.pending.toLocaleString(i18n.language),
      });
      icon = <CloudArrowUp20Regular className={styles.waiting} />;
      break;
    case "synced":
      label = t("sync.state.synced");
      icon = <CloudCheckmark20Regular className={styles.synced} />;
      break;
  }
  const name = t("sync.indicator", { crm: CRM_NAME, state: label });
  const hint = status.lastSync
    ? `${name} · ${t("sync.lastSync", {
        when: formatRelative(new Date(status.lastSync), now, i18n.language),
      })}`
    : name;

  return (
    <span className={styles.root} role="status" data-testid="sync-indicator" data-state={state}>
      <Button
        appearance="subtle"
        size="small"
        icon={icon}
        className={styles.button}
        title={hint}
        aria-label={name}
        onClick={onOpen}
      >
        <span className={styles.text}>{label}</span>
      </Button>
    </span>
  );
}
