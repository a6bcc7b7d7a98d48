import {
  Avatar,
  Badge,
  Caption1,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  Building16Regular,
  Clock16Regular,
  Flow16Regular,
  Person16Regular,
  Warning16Regular,
} from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { UpNextView } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalL,
    alignItems: "center",
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  title: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    flexWrap: "wrap",
  },
  heading: { margin: 0 },
  facts: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
    marginTop: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground2,
  },
  fact: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  outside: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/** The record: name, kind, contact, company, owner, sequence and the contact's local time. */
export function RecordHeader({
  view,
  titleId,
  actions,
}: {
  view: UpNextView;
  titleId: string;
  /** Buttons for the record as a whole (e.g. New meeting), at the header's end. */
  actions?: ReactNode;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { record, localTime } = view;
  const contact = record.contact;

  return (
    <header className={styles.root}>
      <Avatar name={contact.name} size={48} color="colorful" aria-hidden />
      <div>
        <div className={styles.title}>
          <Title3 as="h2" id={titleId} className={styles.heading} data-testid="upnext-name">
            {record.name}
          </Title3>
          <Badge appearance="tint" color="brand">
            {t(`common.recordKind.${record.kind}`)}
          </Badge>
        </div>
        <div className={styles.facts}>
          <Caption1 className={styles.fact}>
            <Person16Regular aria-hidden />
            <Text size={200}>{contact.name}</Text>
          </Caption1>
          {contact.company && (
            <Caption1 className={styles.fact}>
              <Building16Regular aria-hidden />
              {contact.company}
            </Caption1>
          )}
          <Caption1 className={styles.fact}>{t("upnext.owner", { name: view.ownerName })}</Caption1>
          <Caption1 className={styles.fact}>
            <Flow16Regular aria-hidden />
            {view.sequenceName
              ? t("upnext.sequence", { name: view.sequenceName })
              : t("upnext.noSequence")}
          </Caption1>
          {localTime && (
            <Caption1
              className={`${styles.fact} ${localTime.withinCallingHours ? "" : styles.outside}`}
              data-testid="upnext-local-time"
            >
              {localTime.withinCallingHours ? (
                <Clock16Regular aria-hidden />
              ) : (
                <Warning16Regular aria-hidden />
              )}
              {t("worklist.localTime", { time: localTime.time, timeZone: localTime.timeZone })}
              {!localTime.withinCallingHours && <> · {t("worklist.outsideCallingHours")}</>}
            </Caption1>
          )}
        </div>
      </div>
      {actions && <div className={styles.actions}>{actions}</div>}
    </header>
  );
}
