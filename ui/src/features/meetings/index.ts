export { NewMeetingButton } from "./components/NewMeetingButton";
export { MeetingDetailsDialog, NewMeetingDialog } from "./lazy";
export type { MeetingDetailsDialogProps } from "./components/MeetingDetailsDialog";
export type { NewMeetingDialogProps } from "./components/NewMeetingDialog";
