//! The SIP password goes into the OS keyring — a real Secret Service (gnome-keyring in a
//! private D-Bus session, as the test command runs this) — where other programs find it under
//! Nextline's service name, and it is replaced and removed there.
//!
//! Without an unlocked keyring the test says so and passes, unless NEXTLINE_REQUIRE_KEYRING=1
//! (the test command sets it, inside `dbus-run-session` with gnome-keyring unlocked).

#[path = "../../phone/tests/common/mod.rs"]
mod common;

use std::process::Command;

use nextline_core::secrets::{OsKeyring, SERVICE, SecretKey, SecretStore};

fn secret_tool_lookup(entry: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", entry])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_sip_password_lives_in_the_os_keyring() {
    if let Err(e) = OsKeyring::available() {
        assert!(
            std::env::var("NEXTLINE_REQUIRE_KEYRING").as_deref() != Ok("1"),
            "an unlocked keyring is required here: {e}"
        );
        eprintln!("SKIPPED: no keyring ({e})");
        return;
    }
    let account = format!("test-{}@nextline.test", std::process::id());
    let key = SecretKey::SipPassword {
        account: account.clone(),
    };
    let keyring = OsKeyring;
    assert_eq!(keyring.get(&key).unwrap(), None);

    // Made up for this run; Greek, so UTF-8 survives the round trip.
    let password = format!("Καλημέρα-{}", common::made_up_password());
    keyring.set(&key, &password).unwrap();
    assert_eq!(keyring.get(&key).unwrap(), Some(password.clone()));
    // Another program sees it in the system keyring, under Nextline's service name.
    if let Some(seen) = secret_tool_lookup(&format!("sip:{account}")) {
        assert_eq!(seen, password);
    }

    keyring.set(&key, "changed").unwrap();
    assert_eq!(keyring.get(&key).unwrap().as_deref(), Some("changed"));
    keyring.delete(&key).unwrap();
    assert_eq!(keyring.get(&key).unwrap(), None);
    keyring.delete(&key).unwrap();
}
