//! What the phone does when a headset stops working mid-call. A device whose stream failed but
//! is still plugged in is opened again (sound servers drop streams on a busy machine); one that
//! is unplugged, or keeps failing however often it is reopened, gives way to the system's default —
//! only that device: a seller whose headset's speaker failed keeps its microphone, and is not
//! moved to a laptop microphone that hears the speakers.

use crate::sound_card::{AudioDevice, DeviceChoice, LostDevices};

/// A device reopened this many times within [`REOPENS_WITHIN`] that fails again is given up
/// for the default (a broken device fails at once each time; a busy machine's sound server
/// drops a stream now and then).
pub const MAX_REOPENS: usize = 2;
pub const REOPENS_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);

/// What to do about lost devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The same devices again: they are still there.
    Reopen(DeviceChoice),
    /// Other devices: the lost ones are unplugged or keep failing.
    Move(DeviceChoice),
    /// The system's default devices are the ones failing: nothing else to try.
    GiveUp,
}

/// The devices plugged in now.
pub struct Plugged<'a> {
    pub microphones: &'a [AudioDevice],
    pub speakers: &'a [AudioDevice],
}

fn is_plugged(wanted: &str, devices: &[AudioDevice]) -> bool {
    devices.iter().any(|d| d.id == wanted || d.name == wanted)
}

/// One device's next choice: `None` is the system's default.
fn next(
    chosen: &Option<String>,
    lost: bool,
    plugged: &[AudioDevice],
    failing: bool,
) -> Option<String> {
    match chosen {
        Some(name) if !is_plugged(name, plugged) => None,
        Some(_) if lost && failing => None,
        other => other.clone(),
    }
}

/// `keeps_failing`: the devices were already opened again [`MAX_REOPENS`] times within
/// [`REOPENS_WITHIN`].
pub fn recover(
    chosen: &DeviceChoice,
    lost: LostDevices,
    plugged: Plugged<'_>,
    keeps_failing: bool,
) -> Recovery {
    let devices = DeviceChoice {
        microphone: next(
            &chosen.microphone,
            lost.microphone,
            plugged.microphones,
            keeps_failing,
        ),
        speaker: next(
            &chosen.speaker,
            lost.speaker,
            plugged.speakers,
            keeps_failing,
        ),
    };
    if devices != *chosen {
        Recovery::Move(devices)
    } else if keeps_failing {
        Recovery::GiveUp
    } else {
        Recovery::Reopen(devices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(name: &str) -> AudioDevice {
        AudioDevice {
            id: format!("id-{name}"),
            name: name.into(),
        }
    }

    fn headset() -> DeviceChoice {
        DeviceChoice {
            microphone: Some("Headset mic".into()),
            speaker: Some("Headset".into()),
        }
    }

    const SPEAKER_LOST: LostDevices = LostDevices {
        microphone: false,
        speaker: true,
    };

    #[test]
    fn a_failed_headset_still_plugged_in_is_opened_again() {
        let (mics, spks) = (vec![device("Headset mic")], vec![device("Headset")]);
        let plugged = Plugged {
            microphones: &mics,
            speakers: &spks,
        };
        assert_eq!(
            recover(&headset(), SPEAKER_LOST, plugged, false),
            Recovery::Reopen(headset())
        );
    }

    #[test]
    fn an_unplugged_speaker_gives_way_to_the_default_and_the_microphone_stays() {
        let mics = vec![device("Headset mic")];
        let plugged = Plugged {
            microphones: &mics,
            speakers: &[],
        };
        assert_eq!(
            recover(&headset(), SPEAKER_LOST, plugged, false),
            Recovery::Move(DeviceChoice {
                microphone: Some("Headset mic".into()),
                speaker: None,
            })
        );
    }

    #[test]
    fn a_headset_that_keeps_failing_gives_way_to_the_default() {
        let (mics, spks) = (vec![device("Headset mic")], vec![device("Headset")]);
        let plugged = Plugged {
            microphones: &mics,
            speakers: &spks,
        };
        assert_eq!(
            recover(&headset(), SPEAKER_LOST, plugged, true),
            Recovery::Move(DeviceChoice {
                microphone: Some("Headset mic".into()),
                speaker: None,
            })
        );
    }

    #[test]
    fn devices_are_found_by_id_too() {
        let (mics, spks) = (vec![device("Headset mic")], vec![device("Headset")]);
        let chosen = DeviceChoice {
            microphone: Some("id-Headset mic".into()),
            speaker: Some("id-Headset".into()),
        };
        let plugged = Plugged {
            microphones: &mics,
            speakers: &spks,
        };
        assert_eq!(
            recover(&chosen, SPEAKER_LOST, plugged, false),
            Recovery::Reopen(chosen.clone())
        );
    }

    #[test]
    fn the_default_devices_failing_again_leave_nothing_to_try() {
        let plugged = Plugged {
            microphones: &[],
            speakers: &[],
        };
        let default = DeviceChoice::default();
        assert_eq!(
            recover(&default, SPEAKER_LOST, plugged, false),
            Recovery::Reopen(default.clone()),
            "the default is opened again once"
        );
        let plugged = Plugged {
            microphones: &[],
            speakers: &[],
        };
        assert_eq!(
            recover(&default, SPEAKER_LOST, plugged, true),
            Recovery::GiveUp
        );
    }
}
