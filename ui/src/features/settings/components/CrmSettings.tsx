import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowSync20Regular,
  CloudOff20Regular,
  PlugConnected20Regular,
  SignOut20Regular,
} from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type SyncProgress, type SyncStatus } from "../../../ipc/commands";
import { useNow } from "../../../hooks/useNow";
import { formatDateTime, formatRelative } from "../../../lib/relativeTime";
import { CRM_NAME, type SyncState } from "../../sync";
import { useCrmConnection } from "../hooks/useCrmConnection";
import { CrmSignIn } from "./CrmSignIn";
import { CrmSignOutDialog } from "./CrmSignOutDialog";
import { OutboxList } from "./OutboxList";

/** An example, the same in every language. */
const ORG_URL_EXAMPLE = "https://contoso.crm4.dynamics.com";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  connected: {
    display: "flex",
    flexDirection: "row",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
  },
  account: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  org: { overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  lines: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  offline: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
  },
});

/** Settings → Dynamics 365: connecting (sign-in), how the sync goes, and the changes waiting. */
export function CrmSettings({ sync }: { sync: SyncState }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const { status, error } = sync;
  const crm = useCrmConnection(status);
  const [orgUrl, setOrgUrl] = useState("");
  const [confirming, setConfirming] = useState(false);

  const connecting = crm.busy === "connect";
  const showForm = status !== null && !crm.signingIn && status.connection === null;
  const connectError = showForm && crm.error?.during === "connect" ? crm.error.error : null;
  const otherError = crm.error && connectError === null ? crm.error : null;
  /** The organization being signed in to, for signing in with a code instead. */
  const signInOrgUrl = crm.orgUrl ?? (orgUrl.trim() || null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!connecting) void crm.connect(orgUrl.trim());
  };

  const signOut = async () => {
    const orgUrlBefore = status?.connection?.orgUrl;
    if ((await crm.signOut()) && orgUrlBefore) setOrgUrl(orgUrlBefore);
    setConfirming(false);
  };

  return (
    <div className={styles.root} data-testid="crm-settings">
      <Text className={styles.intro}>{t("settings.crm.intro", { crm: CRM_NAME })}</Text>

      {status === null && error === null && (
        <Spinner size="small" label={t("settings.crm.loading")} />
      )}
      {status === null && error !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="crm-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("settings.crm.loadError")}</MessageBarTitle>
            {errorMessage(error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}

      {status && crm.signingIn && (
        <CrmSignIn
          prompt={crm.prompt}
          cancelling={crm.busy === "cancel"}
          onCancel={() => void crm.cancel()}
          onUseCode={signInOrgUrl ? () => void crm.connect(signInOrgUrl, true) : undefined}
          switching={connecting}
        />
      )}

      {showForm && (
        // The back end says what is wrong with the address: no browser bubbles.
        <form className={styles.form} onSubmit={submit} noValidate data-testid="crm-connect-form">
          <Field
            label={t("settings.crm.orgUrl")}
            hint={t("settings.crm.orgUrlHint", { crm: CRM_NAME })}
            required
            validationState={connectError !== null ? "error" : "none"}
            validationMessage={connectError !== null ? errorMessage(connectError, i18n) : undefined}
          >
            <Input
              type="url"
              data-testid="crm-org-url"
              value={orgUrl}
              placeholder={ORG_URL_EXAMPLE}
              autoComplete="url"
              spellCheck={false}
              onChange={(_, data) => setOrgUrl(data.value)}
            />
          </Field>
          <div className={styles.buttons}>
            <Button
              type="submit"
              appearance="primary"
              icon={connecting ? <Spinner size="tiny" /> : <PlugConnected20Regular />}
              disabled={connecting}
              data-testid="crm-connect"
            >
              {connecting ? t("settings.crm.connecting") : t("settings.crm.connect")}
            </Button>
          </div>
        </form>
      )}

      {status?.connection && !crm.signingIn && (
        <Card appearance="outline" className={styles.connected} data-testid="crm-connected">
          <div className={styles.account}>
            <Text weight="semibold" className={styles.org} data-testid="crm-org">
              {status.connection.orgUrl}
            </Text>
            <Caption1 data-testid="crm-user">
              {t("settings.crm.signedInAs", { name: status.connection.userName })}
            </Caption1>
          </div>
          <div className={styles.buttons}>
            <Button
              icon={<ArrowSync20Regular />}
              disabled={
                status.phase === "syncing" ||
                status.phase === "signInNeeded" ||
                crm.busy === "syncNow"
              }
              data-testid="crm-sync-now"
              onClick={() => void crm.sync()}
            >
              {t("settings.crm.syncNow")}
            </Button>
            <Button
              icon={<SignOut20Regular />}
              data-testid="crm-sign-out"
              onClick={() => setConfirming(true)}
            >
              {t("settings.crm.signOut")}
            </Button>
          </div>
        </Card>
      )}

      {status && (
        <SyncDetails
          status={status}
          signingIn={crm.signingIn}
          busy={crm.busy !== null}
          onSignIn={(url) => void crm.connect(url)}
          onRetry={() => void crm.sync()}
        />
      )}

      {otherError && (
        <MessageBar intent="error" layout="multiline" data-testid="crm-error">
          <MessageBarBody>
            <MessageBarTitle>{t(`settings.crm.actionError.${otherError.during}`)}</MessageBarTitle>
            {errorMessage(otherError.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}

      {status && <OutboxList pending={status.pending} />}

      <CrmSignOutDialog
        open={confirming}
        busy={crm.busy === "signOut"}
        onSignOut={() => void signOut()}
        onClose={() => setConfirming(false)}
      />
    </div>
  );
}

type SyncDetailsProps = {
  status: SyncStatus;
  signingIn: boolean;
  busy: boolean;
  onSignIn: (orgUrl: string) => void;
  onRetry: () => void;
};

/** When it last synced and will next, offline, sign-in expired, problems, progress. */
function SyncDetails({ status, signingIn, busy, onSignIn, onRetry }: SyncDetailsProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const now = useNow();
  const { connection, phase, problem, progress } = status;
  const when = (iso: string) => formatRelative(new Date(iso), now, i18n.language);
  const number = (n: number) => n.toLocaleString(i18n.language);
  /** "Contacts — 1,240 rows (3 of 11 tables)", with the numbers as the language writes them. */
  const progressText = (p: SyncProgress) =>
    t("settings.crm.progress", {
      table: p.table,
      rows: t("settings.crm.rows", { count: p.rows, formatted: number(p.rows) }),
      done: number(p.tablesDone),
      total: number(p.tablesTotal),
    });

  return (
    <>
      {connection && (
        <div className={styles.lines}>
          {status.lastSync ? (
            <Caption1
              className={styles.muted}
              data-testid="crm-last-sync"
              title={formatDateTime(new Date(status.lastSync), i18n.language)}
            >
              {t("sync.lastSync", { when: when(status.lastSync) })}
            </Caption1>
          ) : (
            <Caption1 className={styles.muted} data-testid="crm-last-sync">
              {t("settings.crm.neverSynced")}
            </Caption1>
          )}
          {status.nextSync && phase === "idle" && (
            <Caption1
              className={styles.muted}
              data-testid="crm-next-sync"
              title={formatDateTime(new Date(status.nextSync), i18n.language)}
            >
              {t("settings.crm.nextSync", { when: when(status.nextSync) })}
            </Caption1>
          )}
        </div>
      )}

      {phase === "offline" && (
        <Text className={styles.offline} data-testid="crm-offline">
          <CloudOff20Regular />
          {t("settings.crm.offline")}
        </Text>
      )}

      {phase === "syncing" && (
        <Field
          label={t("settings.crm.syncing")}
          hint={progress ? progressText(progress) : undefined}
          data-testid="crm-progress"
        >
          <ProgressBar
            thickness="large"
            value={progress && progress.tablesTotal > 0 ? progressValue(progress) : undefined}
          />
        </Field>
      )}

      {phase === "signInNeeded" && !signingIn && (
        <MessageBar intent="warning" layout="multiline" data-testid="crm-sign-in-needed">
          <MessageBarBody>
            {t("settings.crm.signInNeeded", {
              count: status.pending,
              formatted: number(status.pending),
            })}
          </MessageBarBody>
          {connection && (
            <MessageBarActions>
              <Button
                size="small"
                disabled={busy}
                data-testid="crm-sign-in-again"
                onClick={() => onSignIn(connection.orgUrl)}
              >
                {t("settings.crm.signInAgain")}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}

      {problem && (
        <MessageBar intent="error" layout="multiline" data-testid="crm-problem">
          <MessageBarBody>
            <MessageBarTitle>{t("settings.crm.problemTitle")}</MessageBarTitle>
            {problem.message}
          </MessageBarBody>
          {connection && phase !== "signInNeeded" && phase !== "signingIn" && (
            <MessageBarActions>
              <Button
                size="small"
                disabled={busy || phase === "syncing"}
                data-testid="crm-retry"
                onClick={onRetry}
              >
                {t("settings.crm.retry")}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}

      {status.missingTables.length > 0 && (
        <MessageBar intent="info" layout="multiline" data-testid="crm-missing-tables">
          <MessageBarBody>{t("settings.crm.missingTables")}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

function progressValue(progress: SyncProgress): number {
  return Math.min(1, Math.max(0, progress.tablesDone / progress.tablesTotal));
}
