import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { WorkList } from "../features/worklist";
import { appInfo, errorMessage } from "../ipc/commands";
import { useCommand } from "../ipc/useCommand";
import { AppHeader } from "./components/AppHeader";

const useStyles = makeStyles({
  main: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    maxWidth: "960px",
    marginInline: "auto",
    paddingBlock: tokens.spacingVerticalL,
    paddingInline: tokens.spacingHorizontalL,
  },
});

export function App() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const info = useCommand(appInfo);

  return (
    <>
      <AppHeader info={info.status === "success" ? info.data : null} />
      <main className={styles.main}>
        {info.status === "error" && (
          <MessageBar intent="error" data-testid="app-info-error">
            <MessageBarBody>
              <MessageBarTitle>{t("app.loadError")}</MessageBarTitle>
              {errorMessage(info.error, i18n)}
            </MessageBarBody>
          </MessageBar>
        )}
        <WorkList />
      </main>
    </>
  );
}
