import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { TaskListSquareLtr48Regular } from "@fluentui/react-icons";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import { DEFAULT_WORK_LIST_QUERY, errorMessage } from "../../../ipc/commands";
import { useWorkList } from "../hooks/useWorkList";
import { WorkCard } from "./WorkCard";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  heading: {
    display: "flex",
    alignItems: "baseline",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalM,
  },
  title: {
    margin: 0,
  },
  count: {
    color: tokens.colorNeutralForeground3,
  },
  list: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
  },
  centre: {
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    rowGap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalXL,
    textAlign: "center",
  },
  emptyIcon: {
    color: tokens.colorBrandForeground1,
  },
  emptyBody: {
    maxWidth: "48ch",
    color: tokens.colorNeutralForeground2,
  },
});

/** The seller's open activities, soonest due first. */
export function WorkList() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const [query] = useState(DEFAULT_WORK_LIST_QUERY);
  const page = useWorkList(query);
  const now = useNow();

  let body: ReactNode;
  if (page.status === "loading") {
    body = (
      <div className={styles.centre}>
        <Spinner label={t("worklist.loading")} />
      </div>
    );
  } else if (page.status === "error") {
    body = (
      <MessageBar intent="error" data-testid="worklist-error">
        <MessageBarBody>
          <MessageBarTitle>{t("worklist.loadError")}</MessageBarTitle>
          {errorMessage(page.error, i18n)}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={page.retry}>{t("worklist.retry")}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  } else if (page.data.cards.length === 0) {
    body = (
      <div className={styles.centre} data-testid="worklist-empty">
        <TaskListSquareLtr48Regular className={styles.emptyIcon} aria-hidden />
        <Subtitle2 as="h3" className={styles.title}>
          {t("worklist.emptyTitle")}
        </Subtitle2>
        <Text className={styles.emptyBody}>{t("worklist.emptyBody")}</Text>
      </div>
    );
  } else {
    body = (
      <ul
        role="list"
        className={styles.list}
        data-testid="worklist"
        aria-label={t("worklist.label")}
      >
        {page.data.cards.map((card) => (
          <WorkCard key={card.activityId} card={card} now={now} />
        ))}
      </ul>
    );
  }

  const data = page.status === "success" ? page.data : null;
  return (
    <section className={styles.root} aria-labelledby="worklist-title">
      <div className={styles.heading}>
        <Title3 as="h2" id="worklist-title" className={styles.title}>
          {t("worklist.title")}
        </Title3>
        {data && data.total > 0 && (
          <Caption1 className={styles.count} data-testid="worklist-count">
            {data.nextCursor
              ? t("worklist.showing", { shown: data.cards.length, total: data.total })
              : t("worklist.count", { count: data.total })}
          </Caption1>
        )}
      </div>
      {body}
    </section>
  );
}
