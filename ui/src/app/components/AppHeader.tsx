import { Avatar, Badge, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { AppInfo } from "../../ipc/commands";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    position: "sticky",
    top: 0,
    zIndex: 1,
  },
  logo: {
    width: "28px",
    height: "28px",
    flexShrink: 0,
  },
  name: {
    margin: 0,
  },
  spacer: {
    flexGrow: 1,
  },
  user: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
  },
});

/** The bar along the top: app name, demo marker and who is signed in. */
export function AppHeader({ info }: { info: AppInfo | null }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <header className={styles.root}>
      <img className={styles.logo} src="./icon.svg" alt="" aria-hidden />
      <Text as="h1" size={500} weight="semibold" className={styles.name}>
        {t("app.name")}
      </Text>
      {info?.demo && (
        <Badge
          appearance="tint"
          color="warning"
          data-testid="demo-badge"
          title={t("app.demoDataHint")}
        >
          {t("app.demoData")}
        </Badge>
      )}
      <span className={styles.spacer} />
      {info && (
        <span className={styles.user} title={t("app.signedInAs", { name: info.currentUser.name })}>
          <Avatar name={info.currentUser.name} size={28} color="colorful" aria-hidden />
          <Text data-testid="current-user">{info.currentUser.name}</Text>
        </span>
      )}
    </header>
  );
}
