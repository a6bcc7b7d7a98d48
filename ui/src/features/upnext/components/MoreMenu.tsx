import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowForward20Regular,
  MoreHorizontal20Regular,
  NoteAdd20Regular,
  PersonArrowRight20Regular,
  Snooze20Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import { actionReason, type ActivityAction, type ActivityView } from "../../../ipc/commands";
import { actionState } from "../hooks/actionState";
import { ActionReason } from "./ActionReason";

const useStyles = makeStyles({
  popover: { maxWidth: "340px" },
  item: { alignItems: "flex-start" },
  content: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
  },
});

const ITEMS: { action: ActivityAction; testId: string; icon: ReactElement; label: string }[] = [
  {
    action: "assign",
    testId: "action-assign",
    icon: <PersonArrowRight20Regular />,
    label: "upnext.assign",
  },
  { action: "addNote", testId: "action-note", icon: <NoteAdd20Regular />, label: "upnext.addNote" },
  { action: "skip", testId: "action-skip", icon: <ArrowForward20Regular />, label: "upnext.skip" },
  { action: "snooze", testId: "action-snooze", icon: <Snooze20Regular />, label: "upnext.snooze" },
];

export type MoreMenuProps = {
  view: ActivityView;
  onAction: (action: ActivityAction) => void;
};

/** Assign, + Note, Skip and Snooze; one that isn't allowed stays in the menu, saying why. */
export function MoreMenu({ view, onAction }: MoreMenuProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();

  return (
    <Menu positioning="below-end" inline>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          icon={<MoreHorizontal20Regular />}
          aria-label={t("upnext.more")}
          title={t("upnext.more")}
          data-testid="action-more"
        />
      </MenuTrigger>
      <MenuPopover className={styles.popover}>
        <MenuList>
          {ITEMS.map((item) => {
            const state = actionState(view, item.action);
            return (
              <MenuItem
                key={item.action}
                className={styles.item}
                icon={item.icon}
                data-testid={item.testId}
                disabled={!state.allowed}
                onClick={() => state.allowed && onAction(item.action)}
              >
                <span className={styles.content}>
                  <Text>{t(item.label)}</Text>
                  {!state.allowed && <ActionReason text={actionReason(state, i18n)} />}
                </span>
              </MenuItem>
            );
          })}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
