import { Button, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Circle12Filled } from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { PhoneStatus, Registration } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: { display: "inline-flex", alignItems: "center", minWidth: 0 },
  button: { minWidth: 0, maxWidth: "320px", fontWeight: tokens.fontWeightRegular },
  plain: {
    display: "inline-flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    minWidth: 0,
  },
  text: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  registered: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  notSetUp: { color: tokens.colorNeutralForeground4 },
});

export type RegistrationIndicatorProps = {
  status: PhoneStatus | null;
  /** Opens the phone settings; without it the indicator is text only. */
  onOpen?: () => void;
  testId?: string;
};

/** Whether the phone can call, always in sight (R11): ready, connecting, offline or not set up. */
export function RegistrationIndicator({
  status,
  onOpen,
  testId = "phone-registration",
}: RegistrationIndicatorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (!status) return null;
  const registration: Registration = status.registration;

  let label: string;
  let icon: ReactElement;
  switch (registration.state) {
    case "registered":
      label = t("calling.registration.registered");
      icon = <Circle12Filled className={styles.registered} aria-hidden />;
      break;
    case "connecting":
      label = t("calling.registration.connecting");
      icon = <Spinner size="extra-tiny" aria-hidden />;
      break;
    case "failed":
      label = registration.reason
        ? t("calling.registration.failed", { reason: registration.reason })
        : t("calling.registration.failedNoReason");
      icon = <Circle12Filled className={styles.failed} aria-hidden />;
      break;
    case "notSetUp":
      label = t("calling.registration.notSetUp");
      icon = <Circle12Filled className={styles.notSetUp} aria-hidden />;
      break;
  }
  const hint =
    registration.state === "registered" && status.account
      ? t("calling.registration.account", { account: status.account })
      : label;

  return (
    <span
      className={styles.root}
      role="status"
      data-testid={testId}
      data-state={registration.state}
    >
      {onOpen ? (
        <Button
          appearance="subtle"
          size="small"
          icon={icon}
          className={styles.button}
          title={hint}
          onClick={onOpen}
        >
          <span className={styles.text}>{label}</span>
        </Button>
      ) : (
        <span className={styles.plain} title={hint}>
          {icon}
          <Text className={styles.text}>{label}</Text>
        </span>
      )}
    </span>
  );
}
