import { useCallback, useEffect, useState } from "react";
import {
  audioDevices,
  setAudioDevices,
  type AudioDevices,
  type DeviceSelection,
} from "../../../ipc/commands";

/** The sound devices there are and the ones chosen; a choice is used at once and remembered. */
export function useAudioDevices() {
  const [devices, setDevices] = useState<AudioDevices | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    audioDevices().then(
      (d) => current && setDevices(d),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, []);

  const choose = useCallback(
    async (change: Partial<DeviceSelection>) => {
      if (!devices) return;
      const choice: DeviceSelection = {
        microphone: devices.microphone,
        speaker: devices.speaker,
        ...change,
      };
      const before = devices;
      setDevices({ ...devices, ...choice });
      setError(null);
      try {
        await setAudioDevices(choice);
      } catch (e) {
        setDevices(before);
        setError(e);
      }
    },
    [devices],
  );

  return { devices, error, choose };
}
