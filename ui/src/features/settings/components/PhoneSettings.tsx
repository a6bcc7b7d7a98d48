import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type PhoneStatus } from "../../../ipc/commands";
import { DevicePickers, RegistrationIndicator, TestCall } from "../../calling";
import { usePhoneAccount } from "../hooks/usePhoneAccount";
import { PhoneAccountEditor } from "./PhoneAccountEditor";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  status: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
  heading: { margin: 0, marginTop: tokens.spacingVerticalS, color: tokens.colorNeutralForeground2 },
});

/** Settings → Phone: the SIP account, whether it is registered (live), the sound devices. */
export function PhoneSettings({ phone }: { phone: PhoneStatus | null }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const account = usePhoneAccount();
  const [confirming, setConfirming] = useState(false);

  const remove = async () => {
    if (await account.remove()) setConfirming(false);
  };

  return (
    <div className={styles.root} data-testid="phone-settings">
      <Text className={styles.intro}>{t("settings.phone.intro")}</Text>
      {phone && (
        <div className={styles.status}>
          <Caption1 className={styles.muted}>{t("settings.phone.status")}</Caption1>
          <RegistrationIndicator status={phone} testId="settings-phone-registration" />
        </div>
      )}

      {!account.view && account.loadError === null && (
        <Spinner size="small" label={t("settings.phone.loading")} />
      )}
      {account.loadError !== null && (
        <MessageBar intent="error" layout="multiline" data-testid="phone-load-error">
          <MessageBarBody>
            <MessageBarTitle>{t("settings.phone.loadError")}</MessageBarTitle>
            {errorMessage(account.loadError, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {account.view && (
        <PhoneAccountEditor
          key={account.generation}
          view={account.view}
          busy={account.busy}
          onSave={(form) => void account.save(form)}
          onRemove={() => setConfirming(true)}
        />
      )}

      {confirming && (
        <MessageBar intent="warning" layout="multiline" data-testid="phone-remove-confirm">
          <MessageBarBody>{t("settings.phone.removeConfirm")}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" data-testid="phone-remove-yes" onClick={() => void remove()}>
              {t("settings.phone.removeYes")}
            </Button>
            <Button size="small" appearance="subtle" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {account.error && (
        <MessageBar intent="error" layout="multiline" data-testid="phone-error">
          <MessageBarBody>
            <MessageBarTitle>
              {account.error.during === "save"
                ? t("settings.phone.saveError")
                : t("settings.phone.removeError")}
            </MessageBarTitle>
            {errorMessage(account.error.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
      {account.done && (
        <MessageBar intent="success" layout="multiline" data-testid="phone-done">
          <MessageBarBody>{t(`settings.phone.${account.done}`)}</MessageBarBody>
        </MessageBar>
      )}

      <Subtitle2 as="h3" className={styles.heading}>
        {t("calling.devices.title")}
      </Subtitle2>
      <DevicePickers testIdPrefix="phone-" />
      <TestCall level={phone?.testCallLevel ?? null} />
    </div>
  );
}
