export { PreferencesProvider } from "./components/PreferencesProvider";
export { SettingsDialog } from "./lazy";
export { usePreferences } from "./hooks/preferences";
export type { Preferences } from "./hooks/preferences";
export type { SettingsSection } from "./components/SettingsDialog";
