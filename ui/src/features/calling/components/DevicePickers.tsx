import {
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { errorMessage, type AudioDeviceView } from "../../../ipc/commands";
import { useAudioDevices } from "../hooks/useAudioDevices";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  dropdown: { minWidth: 0, width: "100%" },
});

/** The value of "System default" among the options. */
const DEFAULT = "";

type PickerProps = {
  label: string;
  testId: string;
  devices: AudioDeviceView[];
  chosen: string | null;
  onChoose: (id: string | null) => void;
};

function DevicePicker({ label, testId, devices, chosen, onChoose }: PickerProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const systemDefault = t("calling.devices.systemDefault");
  // A remembered device that is unplugged now still shows by name, as the system default.
  const current = devices.find((d) => d.id === chosen);
  return (
    <Field label={label}>
      <Dropdown
        className={styles.dropdown}
        data-testid={testId}
        value={current?.name ?? systemDefault}
        selectedOptions={[current?.id ?? DEFAULT]}
        onOptionSelect={(_, data) =>
          onChoose(!data.optionValue || data.optionValue === DEFAULT ? null : data.optionValue)
        }
      >
        <Option value={DEFAULT}>{systemDefault}</Option>
        {devices.map((d) => (
          <Option key={d.id} value={d.id}>
            {d.name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

export type DevicePickersProps = {
  /** The pickers' test ids: `{prefix}microphone` and `{prefix}speaker`. */
  testIdPrefix: string;
};

/** Which microphone and speaker calls use: chosen here, used at once, also mid-call. */
export function DevicePickers({ testIdPrefix }: DevicePickersProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const { devices, error, choose } = useAudioDevices();
  return (
    <div className={styles.root} data-testid="device-pickers">
      {devices && (
        <>
          <DevicePicker
            label={t("calling.devices.microphone")}
            testId={`${testIdPrefix}microphone`}
            devices={devices.microphones}
            chosen={devices.microphone}
            onChoose={(microphone) => void choose({ microphone })}
          />
          <DevicePicker
            label={t("calling.devices.speaker")}
            testId={`${testIdPrefix}speaker`}
            devices={devices.speakers}
            chosen={devices.speaker}
            onChoose={(speaker) => void choose({ speaker })}
          />
        </>
      )}
      {error !== null && (
        <MessageBar intent="warning" layout="multiline" data-testid="devices-error">
          <MessageBarBody>
            <MessageBarTitle>{t("calling.devices.error")}</MessageBarTitle>
            {errorMessage(error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
