import {
  Button,
  Caption1,
  Card,
  Link,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Checkmark20Regular, Copy20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SignInPrompt } from "../../../ipc/commands";
import { useNow } from "../../../hooks/useNow";
import { formatClock } from "../../../lib/duration";
import { CRM_NAME } from "../../sync";

const useStyles = makeStyles({
  card: { rowGap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  step: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  code: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
  },
  userCode: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    letterSpacing: "0.08em",
    userSelect: "all",
  },
  link: { wordBreak: "break-all" },
  muted: { color: tokens.colorNeutralForeground3 },
  footer: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
  },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export type CrmSignInProps = {
  /**
   * The sign-in going on: the code to enter, or an empty `userCode` when it happens in the
   * browser; null while the back end is still starting it.
   */
  prompt: SignInPrompt | null;
  cancelling: boolean;
  onCancel: () => void;
  /** Signs in with a code instead of in the browser; absent when the organization isn't known. */
  onUseCode?: () => void;
  /** Whether the code is being asked for. */
  switching?: boolean;
};

/**
 * The sign-in going on. In the browser: what to do there, and a way to use a code instead. With
 * a device code: the code to enter on Microsoft's page, time left. Both with Cancel.
 */
export function CrmSignIn(props: CrmSignInProps) {
  return props.prompt !== null && props.prompt.userCode === "" ? (
    <BrowserSignIn {...props} />
  ) : (
    <DeviceCodeSignIn {...props} />
  );
}

/** Signing in in the system browser, which the back end opened at Microsoft's sign-in page. */
function BrowserSignIn({ cancelling, onCancel, onUseCode, switching }: CrmSignInProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Card className={styles.card} data-testid="crm-sign-in">
      <Subtitle2 as="h3" className={styles.heading}>
        {t("settings.crm.signIn.browserTitle")}
      </Subtitle2>
      <Text data-testid="crm-browser-sign-in">{t("settings.crm.signIn.browser")}</Text>
      <div className={styles.footer}>
        <Spinner size="tiny" labelPosition="after" label={t("settings.crm.signIn.waiting")} />
        <div className={styles.buttons}>
          {onUseCode && (
            <Button
              icon={switching ? <Spinner size="tiny" /> : undefined}
              disabled={switching || cancelling}
              data-testid="crm-use-code"
              onClick={onUseCode}
            >
              {t("settings.crm.signIn.useCode")}
            </Button>
          )}
          <Button data-testid="crm-cancel-sign-in" disabled={cancelling} onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** The device-code sign-in: the code to enter on Microsoft's page, time left, and Cancel. */
function DeviceCodeSignIn({ prompt, cancelling, onCancel }: CrmSignInProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const now = useNow(1000);
  const [copied, setCopied] = useState(false);

  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // No clipboard (a browser that refuses): the code stays selectable.
    }
  };

  const secondsLeft = prompt
    ? Math.max(0, Math.floor((new Date(prompt.expiresAt).getTime() - now.getTime()) / 1000))
    : null;

  return (
    <Card className={styles.card} data-testid="crm-sign-in">
      <Subtitle2 as="h3" className={styles.heading}>
        {t("settings.crm.signIn.title", { crm: CRM_NAME })}
      </Subtitle2>
      {prompt ? (
        <>
          <div className={styles.step}>
            <Text>{t("settings.crm.signIn.open")}</Text>
            <Link
              href={prompt.verificationUri}
              target="_blank"
              rel="noreferrer"
              className={styles.link}
              data-testid="crm-verification-link"
            >
              {prompt.verificationUri}
            </Link>
          </div>
          <div className={styles.step}>
            <Text>{t("settings.crm.signIn.code")}</Text>
            <div className={styles.code}>
              <span className={styles.userCode} data-testid="crm-user-code">
                {prompt.userCode}
              </span>
              <Button
                icon={copied ? <Checkmark20Regular /> : <Copy20Regular />}
                data-testid="crm-copy-code"
                onClick={() => void copy(prompt.userCode)}
              >
                {copied ? t("settings.crm.signIn.copied") : t("settings.crm.signIn.copy")}
              </Button>
            </div>
          </div>
          {prompt.message && <Caption1 className={styles.muted}>{prompt.message}</Caption1>}
          <Text data-testid="crm-time-left">
            {secondsLeft === 0
              ? t("settings.crm.signIn.expired")
              : t("settings.crm.signIn.timeLeft", { time: formatClock(secondsLeft ?? 0) })}
          </Text>
        </>
      ) : null}
      <div className={styles.footer}>
        <Spinner
          size="tiny"
          labelPosition="after"
          label={prompt ? t("settings.crm.signIn.waiting") : t("settings.crm.signIn.starting")}
        />
        <Button data-testid="crm-cancel-sign-in" disabled={cancelling} onClick={onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </Card>
  );
}
