import { makeStyles, tokens } from "@fluentui/react-components";

/** Red for hang up and decline, green for answer, as on every phone. */
export const useCallButtonStyles = makeStyles({
  danger: {
    backgroundColor: tokens.colorStatusDangerBackground3,
    color: tokens.colorNeutralForegroundStaticInverted,
    border: "none",
    ":hover": {
      backgroundColor: tokens.colorStatusDangerBackground3Hover,
      color: tokens.colorNeutralForegroundStaticInverted,
    },
    ":hover:active": {
      backgroundColor: tokens.colorStatusDangerBackground3Pressed,
      color: tokens.colorNeutralForegroundStaticInverted,
    },
  },
  success: {
    backgroundColor: tokens.colorStatusSuccessBackground3,
    color: tokens.colorNeutralForegroundStaticInverted,
    border: "none",
    ":hover": {
      backgroundColor: tokens.colorStatusSuccessBackground3,
      color: tokens.colorNeutralForegroundStaticInverted,
      filter: "brightness(0.9)",
    },
    ":hover:active": {
      backgroundColor: tokens.colorStatusSuccessBackground3,
      color: tokens.colorNeutralForegroundStaticInverted,
      filter: "brightness(0.8)",
    },
  },
});
