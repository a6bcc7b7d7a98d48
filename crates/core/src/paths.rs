//! Where the cache lives: the platform's app-data folder, unless `--db` or `NEXTLINE_DB` says
//! otherwise.

use std::path::PathBuf;

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "NEXTLINE_DB";

/// `~/.local/share/nextline/nextline.db` on Linux, `~/Library/Application Support/app.nextline.Nextline/`
/// on macOS, `%APPDATA%\Nextline\Nextline\data\` on Windows.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("app", "Nextline", "Nextline")
        .map(|d| d.data_dir().join("nextline.db"))
        .unwrap_or_else(|| PathBuf::from("nextline.db"))
}
