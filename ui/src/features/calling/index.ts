export { CallDock, CallFlow, DialPadDialog } from "./lazy";
export { DevicePickers } from "./components/DevicePickers";
export { RegistrationIndicator } from "./components/RegistrationIndicator";
export { TestCall } from "./components/TestCall";
export type { DialPadRecord } from "./components/DialPadDialog";
export type { CallRequest } from "./hooks/callRequest";
export { usePhone } from "./hooks/usePhone";
export type { PhoneState } from "./hooks/usePhone";
