import { Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { useId, type ReactNode } from "react";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  title: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/** A titled part of the Up Next panel. */
export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  const styles = useStyles();
  const id = useId();
  return (
    <section className={styles.root} aria-labelledby={id} data-testid={testId}>
      <Subtitle2 as="h3" id={id} className={styles.title}>
        {title}
      </Subtitle2>
      {children}
    </section>
  );
}
