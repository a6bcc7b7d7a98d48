import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { Info12Regular } from "@fluentui/react-icons";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "flex-start",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
    whiteSpace: "normal",
  },
  icon: { flexShrink: 0, marginTop: "2px" },
});

/** Why an action is disabled, in words next to it (R22). */
export function ActionReason({ text, id }: { text: string; id?: string }) {
  const styles = useStyles();
  return (
    <Caption1 className={styles.root} data-testid="action-reason" id={id}>
      <Info12Regular className={styles.icon} aria-hidden />
      <span>{text}</span>
    </Caption1>
  );
}
