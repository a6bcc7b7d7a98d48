//! Which codec a call speaks, from what the two ends agreed: Opus when the far end takes it,
//! else G.711 (PCMU, PCMA) — and whether DTMF can go as RFC 4733 telephone-events. The codecs
//! behind one encoder and one decoder, 48 kHz frames on our side.

use crate::audio::{FRAME, RATE};
use crate::g711::{G711Decoder, G711Encoder, Law};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceCodec {
    Opus,
    Pcmu,
    Pcma,
}

impl VoiceCodec {
    pub fn from_mime(mime: &str) -> Option<VoiceCodec> {
        match mime.to_ascii_lowercase().as_str() {
            "audio/opus" => Some(VoiceCodec::Opus),
            "audio/pcmu" => Some(VoiceCodec::Pcmu),
            "audio/pcma" => Some(VoiceCodec::Pcma),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            VoiceCodec::Opus => "Opus",
            VoiceCodec::Pcmu => "PCMU",
            VoiceCodec::Pcma => "PCMA",
        }
    }

    /// The RTP clock.
    pub fn clock_rate(self) -> u32 {
        match self {
            VoiceCodec::Opus => RATE,
            VoiceCodec::Pcmu | VoiceCodec::Pcma => 8000,
        }
    }

    /// RTP timestamp units in one 20 ms frame.
    pub fn frame_ticks(self) -> u32 {
        self.clock_rate() / 50
    }
}

/// One negotiated codec: its name and clock as the SDP says, and its payload type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreedCodec {
    pub mime: String,
    pub clock_rate: u32,
    pub payload_type: u8,
}

/// What the call sends with: the first voice codec of the agreed list (the offerer's order),
/// and the telephone-event at the same clock, when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub voice: VoiceCodec,
    pub voice_pt: u8,
    pub dtmf_pt: Option<u8>,
}

impl Negotiated {
    pub fn choose(agreed: &[AgreedCodec]) -> Option<Negotiated> {
        let (voice, voice_pt) = agreed
            .iter()
            .find_map(|c| VoiceCodec::from_mime(&c.mime).map(|v| (v, c.payload_type)))?;
        let dtmf_pt = agreed
            .iter()
            .find(|c| {
                c.mime.eq_ignore_ascii_case("audio/telephone-event")
                    && c.clock_rate == voice.clock_rate()
            })
            .map(|c| c.payload_type);
        Some(Negotiated {
            voice,
            voice_pt,
            dtmf_pt,
        })
    }
}

/// 20 ms of 48 kHz audio in, one RTP payload out.
pub enum VoiceEncoder {
    Opus(opus::Encoder),
    G711(Box<G711Encoder>),
}

impl VoiceEncoder {
    pub fn new(codec: VoiceCodec) -> Result<VoiceEncoder, String> {
        Ok(match codec {
            VoiceCodec::Opus => {
                let mut e = opus::Encoder::new(RATE, opus::Channels::Mono, opus::Application::Voip)
                    .map_err(|e| e.to_string())?;
                let _ = e.set_inband_fec(true);
                VoiceEncoder::Opus(e)
            }
            VoiceCodec::Pcmu => VoiceEncoder::G711(Box::new(G711Encoder::new(Law::MuLaw))),
            VoiceCodec::Pcma => VoiceEncoder::G711(Box::new(G711Encoder::new(Law::ALaw))),
        })
    }

    pub fn encode(&mut self, frame: &[i16]) -> Option<Vec<u8>> {
        match self {
            VoiceEncoder::Opus(e) => {
                let mut packet = vec![0u8; 1500];
                let n = e.encode(frame, &mut packet).ok()?;
                packet.truncate(n);
                Some(packet)
            }
            VoiceEncoder::G711(e) => Some(e.encode(frame)),
        }
    }
}

/// RTP payloads in, 48 kHz audio out; lost packets concealed (Opus also rebuilds one from the
/// next packet's in-band FEC).
pub enum VoiceDecoder {
    Opus(opus::Decoder),
    G711(Box<G711Decoder>),
}

impl VoiceDecoder {
    pub fn new(codec: VoiceCodec) -> Result<VoiceDecoder, String> {
        Ok(match codec {
            VoiceCodec::Opus => VoiceDecoder::Opus(
                opus::Decoder::new(RATE, opus::Channels::Mono).map_err(|e| e.to_string())?,
            ),
            VoiceCodec::Pcmu => VoiceDecoder::G711(Box::new(G711Decoder::new(Law::MuLaw))),
            VoiceCodec::Pcma => VoiceDecoder::G711(Box::new(G711Decoder::new(Law::ALaw))),
        })
    }

    /// Samples written into `pcm` (room for 120 ms).
    pub fn decode(&mut self, payload: &[u8], pcm: &mut [i16]) -> usize {
        match self {
            VoiceDecoder::Opus(d) => d
                .decode(payload, pcm, false)
                .or_else(|_| d.decode(&[], &mut pcm[..FRAME], false))
                .unwrap_or(0),
            VoiceDecoder::G711(d) => d.decode(payload, pcm),
        }
    }

    /// The frame before `next` (lost), rebuilt from `next`'s in-band FEC where the codec has it.
    pub fn recover(&mut self, next: &[u8], pcm: &mut [i16]) -> usize {
        match self {
            VoiceDecoder::Opus(d) => d
                .decode(next, &mut pcm[..FRAME], true)
                .or_else(|_| d.decode(&[], &mut pcm[..FRAME], false))
                .unwrap_or(0),
            VoiceDecoder::G711(d) => d.conceal(pcm),
        }
    }

    /// A lost frame, concealed.
    pub fn conceal(&mut self, pcm: &mut [i16]) -> usize {
        match self {
            VoiceDecoder::Opus(d) => d.decode(&[], &mut pcm[..FRAME], false).unwrap_or(0),
            VoiceDecoder::G711(d) => d.conceal(pcm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(mime: &str, clock_rate: u32, payload_type: u8) -> AgreedCodec {
        AgreedCodec {
            mime: mime.into(),
            clock_rate,
            payload_type,
        }
    }

    #[test]
    fn opus_first_when_the_far_end_takes_it() {
        let n = Negotiated::choose(&[
            c("audio/opus", 48000, 111),
            c("audio/PCMU", 8000, 0),
            c("audio/telephone-event", 8000, 126),
            c("audio/telephone-event", 48000, 110),
        ])
        .unwrap();
        assert_eq!(
            n,
            Negotiated {
                voice: VoiceCodec::Opus,
                voice_pt: 111,
                dtmf_pt: Some(110)
            }
        );
    }

    #[test]
    fn a_pbx_that_speaks_only_g711_gets_g711_and_8k_events() {
        let n = Negotiated::choose(&[
            c("audio/PCMA", 8000, 8),
            c("audio/PCMU", 8000, 0),
            c("audio/telephone-event", 8000, 101),
        ])
        .unwrap();
        assert_eq!(
            (n.voice, n.voice_pt, n.dtmf_pt),
            (VoiceCodec::Pcma, 8, Some(101))
        );
        // No events at the voice's clock: DTMF goes by SIP INFO.
        let n = Negotiated::choose(&[
            c("audio/PCMU", 8000, 0),
            c("audio/telephone-event", 48000, 110),
        ])
        .unwrap();
        assert_eq!(n.dtmf_pt, None);
        assert_eq!(Negotiated::choose(&[c("audio/G722", 8000, 9)]), None);
    }
}
