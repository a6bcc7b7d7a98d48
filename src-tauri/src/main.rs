// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    lighter_webkit();
    nextline_app::run();
}

/// WebKitGTK's accelerated compositing costs ~130 MB (GL buffers in the web process) and, on
/// machines that render in software, makes scrolling slower, not faster: a list of cards needs
/// no GPU layers. `NEXTLINE_GPU_COMPOSITING=1` (or setting WebKit's own variable) keeps it on.
#[cfg(target_os = "linux")]
fn lighter_webkit() {
    const WEBKIT: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let wanted = std::env::var_os("NEXTLINE_GPU_COMPOSITING").is_some_and(|v| v == "1");
    if !wanted && std::env::var_os(WEBKIT).is_none() {
        // SAFETY: first thing in `main`, before any other thread exists.
        unsafe { std::env::set_var(WEBKIT, "1") };
    }
}
