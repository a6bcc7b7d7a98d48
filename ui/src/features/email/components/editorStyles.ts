import { makeStyles, tokens } from "@fluentui/react-components";

/** The editor's own surface: the body as it will read, with room to write. */
export const useEditorSurfaceStyles = makeStyles({
  surface: {
    minHeight: "180px",
    maxHeight: "50vh",
    overflowY: "auto",
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    outlineStyle: "none",
    "& p": { marginBlock: `0 ${tokens.spacingVerticalS}` },
    "& ul, & ol": { marginBlock: `0 ${tokens.spacingVerticalS}`, paddingInlineStart: "24px" },
    "& a": { color: tokens.colorBrandForegroundLink },
  },
});
