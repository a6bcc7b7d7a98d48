//! IPC adapters of the softphone: the Settings form, the call buttons, the call panel. The
//! phone runs in the app core; the window only shows its [`PhoneStatus`] (sent as `phone`
//! events after every change).

use nextline_core::App;
use nextline_core::softphone::{
    AudioDevices, CallInfo, CallRequest, DeviceSelection, PhoneAccount, PhoneAccountView,
    PhoneStatus, Softphone,
};
use tauri::State;

use crate::commands::{Reply, fail};

#[tauri::command]
pub fn phone_status(phone: State<'_, Softphone>) -> PhoneStatus {
    phone.status()
}

#[tauri::command]
pub async fn phone_account(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
) -> Reply<PhoneAccountView> {
    phone.account().await.map_err(fail(&app))
}

/// Save the SIP account; the passwords (when given) go to the OS keyring only.
#[tauri::command]
pub async fn save_phone_account(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    account: PhoneAccount,
    password: Option<String>,
    turn_password: Option<String>,
) -> Reply<()> {
    phone
        .save_account(account, password, turn_password)
        .await
        .map_err(fail(&app))
}

#[tauri::command]
pub async fn remove_phone_account(app: State<'_, App>, phone: State<'_, Softphone>) -> Reply<()> {
    phone.remove_account().await.map_err(fail(&app))
}

#[tauri::command]
pub async fn place_call(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    request: CallRequest,
) -> Reply<CallInfo> {
    phone.call(request).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn call_next_number(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
) -> Reply<CallInfo> {
    phone.call_next_number(&call).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn hang_up(app: State<'_, App>, phone: State<'_, Softphone>, call: String) -> Reply<()> {
    phone.hang_up(&call).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn answer_call(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
) -> Reply<()> {
    phone.answer(&call).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn decline_call(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
) -> Reply<()> {
    phone.decline(&call).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn mute_call(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
    muted: bool,
) -> Reply<()> {
    phone.mute(&call, muted).await.map_err(fail(&app))
}

#[tauri::command]
pub async fn hold_call(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
    on_hold: bool,
) -> Reply<()> {
    phone.hold(&call, on_hold).await.map_err(fail(&app))
}

/// Keypad digits during a call (DTMF).
#[tauri::command]
pub async fn send_keys(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    call: String,
    keys: String,
) -> Reply<()> {
    phone.send_keys(&call, &keys).await.map_err(fail(&app))
}

/// Take an ended call off the panel.
#[tauri::command]
pub fn dismiss_call(phone: State<'_, Softphone>, call: String) {
    phone.dismiss(&call);
}

#[tauri::command]
pub async fn audio_devices(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
) -> Reply<AudioDevices> {
    phone.audio_devices().await.map_err(fail(&app))
}

#[tauri::command]
pub async fn set_audio_devices(
    app: State<'_, App>,
    phone: State<'_, Softphone>,
    choice: DeviceSelection,
) -> Reply<()> {
    phone.set_audio_devices(choice).await.map_err(fail(&app))
}

/// The Test call: hear your own voice a second later (no server needed).
#[tauri::command]
pub async fn start_test_call(app: State<'_, App>, phone: State<'_, Softphone>) -> Reply<()> {
    phone.start_test_call().await.map_err(fail(&app))
}

#[tauri::command]
pub fn stop_test_call(phone: State<'_, Softphone>) {
    phone.stop_test_call();
}
