export { DraftPrompt } from "./components/DraftPrompt";
export { EmailComposer } from "./lazy";
export type { EmailComposerProps } from "./components/EmailComposer";
export { notifyEmailSettingsSaved } from "./hooks/emailSettingsEvents";
export { signatureToHtml, signatureToText } from "./hooks/emailText";
export { emailStepOf, useDraftGuard } from "./hooks/useDraftGuard";
export type { ComposerHandle, DraftPromptState, EmailTarget } from "./hooks/useDraftGuard";
