import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from "@fluentui/react-components";
import { ArrowClockwise16Regular, CheckmarkCircle20Regular } from "@fluentui/react-icons";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type OutboxItem, type OutboxState } from "../../../ipc/commands";
import { CRM_NAME } from "../../sync";
import { OUTBOX_LIMIT, useOutbox } from "../hooks/useOutbox";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  heading: { margin: 0, marginTop: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
  empty: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
  done: { color: tokens.colorStatusSuccessForeground1 },
  stateColumn: { width: "112px" },
  attemptsColumn: { width: "96px" },
  change: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    minWidth: 0,
  },
  summary: { overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  failure: { color: tokens.colorStatusDangerForeground1, overflowWrap: "anywhere" },
  conflict: { color: tokens.colorStatusWarningForeground1 },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalXS,
  },
});

const BADGE_COLOR: Record<OutboxState, BadgeProps["color"]> = {
  pending: "informative",
  sending: "brand",
  done: "success",
  conflict: "warning",
  failed: "danger",
};

/**
 * The outbox: what was done in Nextline and is waiting to be sent to Dynamics 365, oldest first
 * (the order it is sent in), with Try again for a failed change and a choice for a conflict.
 */
export function OutboxList({ pending }: { pending: number }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const outbox = useOutbox();
  const headingId = useId();
  const number = (n: number) => n.toLocaleString(i18n.language);

  const items = outbox.items ?? [];
  const unsent = items.filter((item) => item.state !== "done").length;
  // The back end's count covers changes past the list's limit.
  const waiting = Math.max(pending, unsent);

  return (
    <section className={styles.root} aria-labelledby={headingId} data-testid="outbox">
      <Subtitle2 as="h3" id={headingId} className={styles.heading}>
        {t("settings.crm.outbox.title", { formatted: number(waiting) })}
      </Subtitle2>

      {outbox.items === null && outbox.loadError === null && (
        <Spinner size="small" label={t("settings.crm.outbox.loading")} />
      )}
      {outbox.loadError !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="outbox-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("settings.crm.outbox.loadError")}</MessageBarTitle>
            {errorMessage(outbox.loadError, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {outbox.error && (
        <MessageBar intent="error" layout="multiline" data-testid="outbox-error">
          <MessageBarBody>
            <MessageBarTitle>
              {outbox.error.during === "retry"
                ? t("settings.crm.outbox.retryError")
                : t("settings.crm.outbox.settleError")}
            </MessageBarTitle>
            {errorMessage(outbox.error.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}

      {outbox.items !== null && waiting === 0 && (
        <Text className={styles.empty} data-testid="outbox-empty">
          <CheckmarkCircle20Regular className={styles.done} />
          {t("settings.crm.outbox.empty")}
        </Text>
      )}
      {items.length > 0 && (
        <Table size="small" aria-labelledby={headingId} data-testid="outbox-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t("settings.crm.outbox.change")}</TableHeaderCell>
              <TableHeaderCell className={styles.stateColumn}>
                {t("settings.crm.outbox.status")}
              </TableHeaderCell>
              <TableHeaderCell className={styles.attemptsColumn}>
                {t("settings.crm.outbox.attempts")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <OutboxRow
                key={item.seq}
                item={item}
                busy={outbox.busy === item.seq}
                attempts={number(item.attempts)}
                onRetry={() => void outbox.retry(item.seq)}
                onKeepMine={() => void outbox.settle(item.seq, "mine")}
                onTakeTheirs={() => void outbox.settle(item.seq, "theirs")}
              />
            ))}
          </TableBody>
        </Table>
      )}
      {items.length >= OUTBOX_LIMIT && (
        <Caption1 className={styles.muted}>
          {t("settings.crm.outbox.more", { formatted: number(items.length) })}
        </Caption1>
      )}
    </section>
  );
}

type OutboxRowProps = {
  item: OutboxItem;
  busy: boolean;
  attempts: string;
  onRetry: () => void;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
};

function OutboxRow({ item, busy, attempts, onRetry, onKeepMine, onTakeTheirs }: OutboxRowProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <TableRow data-testid="outbox-item" data-seq={item.seq} data-state={item.state}>
      <TableCell>
        <div className={styles.change}>
          <Text className={styles.summary}>{item.summary}</Text>
          {item.recordName && (
            <Caption1 className={styles.muted} data-testid="outbox-record">
              {item.recordName}
            </Caption1>
          )}
          {item.state === "conflict" && (
            <Caption1 className={styles.conflict} data-testid="outbox-conflict">
              {t("settings.crm.outbox.conflict", { crm: CRM_NAME })}
            </Caption1>
          )}
          {item.lastError && item.state !== "done" && (
            <Caption1 className={styles.failure} data-testid="outbox-last-error">
              {item.lastError}
            </Caption1>
          )}
          {item.state === "failed" && (
            <div className={styles.actions}>
              <Button
                size="small"
                icon={<ArrowClockwise16Regular />}
                disabled={busy}
                data-testid="outbox-retry"
                onClick={onRetry}
              >
                {t("settings.crm.outbox.tryAgain")}
              </Button>
            </div>
          )}
          {item.state === "conflict" && (
            <div className={styles.actions}>
              <Button
                size="small"
                disabled={busy}
                data-testid="outbox-keep-mine"
                onClick={onKeepMine}
              >
                {t("settings.crm.outbox.keepMine")}
              </Button>
              <Button
                size="small"
                disabled={busy}
                data-testid="outbox-take-theirs"
                onClick={onTakeTheirs}
              >
                {t("settings.crm.outbox.takeTheirs")}
              </Button>
            </div>
          )}
        </div>
      </TableCell>
      <TableCell>
        <Badge
          appearance="tint"
          shape="rounded"
          color={BADGE_COLOR[item.state]}
          data-testid="outbox-state"
        >
          {t(`settings.crm.outbox.state.${item.state}`)}
        </Badge>
      </TableCell>
      <TableCell data-testid="outbox-attempts">{attempts}</TableCell>
    </TableRow>
  );
}
