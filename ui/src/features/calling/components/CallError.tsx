import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { Settings16Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { errorMessage, isErrorPayload } from "../../../ipc/commands";

/** Refusals the phone settings can fix. */
const SETTINGS_FIXES = new Set(["phone_not_set_up", "phone_not_registered"]);

export type CallErrorProps = {
  error: unknown;
  /** Opens Settings on the phone section. */
  onSetUp?: () => void;
};

/** Why a call wasn't placed, in the back end's words, with a way to fix the phone's setup. */
export function CallError({ error, onSetUp }: CallErrorProps) {
  const { t, i18n } = useTranslation();
  const code = isErrorPayload(error) ? error.code : "";
  const fixable = onSetUp && SETTINGS_FIXES.has(code);
  return (
    <MessageBar intent="error" layout="multiline" data-testid="call-error" data-code={code}>
      <MessageBarBody>{errorMessage(error, i18n)}</MessageBarBody>
      {fixable && (
        <MessageBarActions>
          <Button
            size="small"
            icon={<Settings16Regular />}
            data-testid="call-setup"
            onClick={onSetUp}
          >
            {code === "phone_not_set_up" ? t("calling.setUp") : t("calling.registration.open")}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
