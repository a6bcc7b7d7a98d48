//! Hands a link to the system: its browser, or the app registered for the link's scheme (the
//! Teams app for `msteams:`). Callers decide which links may be opened.

pub fn open_link(url: &str) {
    #[cfg(target_os = "linux")]
    let r = std::process::Command::new("xdg-open").arg(url).spawn();
    #[cfg(target_os = "macos")]
    let r = std::process::Command::new("open").arg(url).spawn();
    #[cfg(target_os = "windows")]
    let r = std::process::Command::new("rundll32")
        .args(["url.dll,FileProtocolHandler", url])
        .spawn();
    if let Err(e) = r {
        tracing::warn!(error = %e, "could not open the link");
    }
}
