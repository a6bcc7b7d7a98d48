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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Chat24Regular, Dismiss20Regular, Settings20Regular } from "@fluentui/react-icons";
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNow } from "../../../hooks/useNow";
import {
  errorMessage,
  type Activity,
  type Conversation,
  type TextDetails,
} from "../../../ipc/commands";
import { DismissibleNotice } from "../../../lib/DismissibleNotice";
import { useConversation } from "../hooks/useConversation";
import { useSendText, type OutgoingText } from "../hooks/useSendText";
import { DoNotTextDialog } from "./DoNotTextDialog";
import { TextComposer } from "./TextComposer";
import { TextMessage } from "./TextMessage";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
  },
  header: { display: "flex", alignItems: "flex-start", columnGap: tokens.spacingHorizontalM },
  icon: { color: tokens.colorBrandForeground1, flexShrink: 0, marginTop: "2px" },
  titles: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  title: { margin: 0 },
  subtitle: { color: tokens.colorNeutralForeground3 },
  history: {
    maxHeight: "min(360px, 45vh)",
    minHeight: "96px",
    overflowY: "auto",
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    outlineStyle: "none",
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  list: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    listStyleType: "none",
    margin: 0,
    padding: 0,
  },
  empty: {
    display: "block",
    paddingBlock: tokens.spacingVerticalL,
    textAlign: "center",
    color: tokens.colorNeutralForeground3,
  },
  centre: { display: "flex", justifyContent: "center", paddingBlock: tokens.spacingVerticalL },
});

/** A message of the conversation: an activity that carries its text. */
type TextActivity = Activity & { text: TextDetails };
const isText = (a: Activity): a is TextActivity => a.text !== null && a.text !== undefined;

/** Someone's first name, as a seller speaks of a contact ("No messages with Maria yet."). */
const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;

export type ConversationPaneProps = {
  recordId: string;
  /** The Up Next text step the pane was opened for; the first message sent completes it. */
  forActivity: string | null;
  /** Grows with every opening: the message box takes the keyboard. */
  opened: number;
  onClose: () => void;
  /** Opens Settings → Text messages. */
  onOpenSettings: () => void;
};

/** Waits for the seller's answer to "Text them anyway?". */
type Asking = { text: OutgoingText; fromBox: boolean; answer: (sent: boolean) => void };

/**
 * The conversation pane of a record (R19–R21): every text message on it, sent by any seller
 * or received, oldest first, and a box to write one (or pick a template) and send it.
 */
export function ConversationPane({
  recordId,
  forActivity,
  opened,
  onClose,
  onOpenSettings,
}: ConversationPaneProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const live = useConversation(recordId);
  const sender = useSendText(recordId, forActivity);
  const [confirmed, setConfirmed] = useState(false);
  const [asking, setAsking] = useState<Asking | null>(null);
  const conv = live.status === "success" ? live.data : null;
  const doNotText = conv?.warnings.includes("doNotText") ?? false;

  const request = useCallback(
    (text: OutgoingText, fromBox: boolean): Promise<boolean> => {
      if (doNotText && !confirmed) {
        return new Promise((answer) => setAsking({ text, fromBox, answer }));
      }
      return sender.send(text, fromBox);
    },
    [doNotText, confirmed, sender],
  );

  const answer = (send: boolean) => {
    if (!asking) return;
    setAsking(null);
    if (!send) {
      asking.answer(false);
      return;
    }
    setConfirmed(true);
    void sender.send(asking.text, asking.fromBox).then(asking.answer);
  };

  return (
    <section
      className={styles.root}
      aria-label={conv ? t("texts.paneLabel", { name: conv.contactName }) : t("texts.title")}
      data-testid="conversation-pane"
      data-record-id={recordId}
    >
      <div className={styles.header}>
        <Chat24Regular className={styles.icon} aria-hidden />
        <div className={styles.titles}>
          <Subtitle2 as="h2" className={styles.title} data-testid="conversation-title">
            {conv ? conv.contactName : t("texts.title")}
          </Subtitle2>
          <Caption1 className={styles.subtitle}>{t("texts.subtitle")}</Caption1>
        </div>
        <Button
          appearance="subtle"
          icon={<Dismiss20Regular />}
          aria-label={t("texts.close")}
          title={t("texts.close")}
          data-testid="conversation-close"
          onClick={onClose}
        />
      </div>

      {(live.status === "loading" || live.status === "idle") && (
        <div className={styles.centre}>
          <Spinner size="small" label={t("texts.loading")} />
        </div>
      )}
      {live.status === "error" && (
        <MessageBar intent="error" layout="multiline" data-testid="conversation-error">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.loadError")}</MessageBarTitle>
            {errorMessage(live.error, i18n)}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={live.reload}>{t("texts.retry")}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {conv && (
        <ConversationBody
          conv={conv}
          opened={opened}
          busy={sender.busy}
          onSend={request}
          onOpenSettings={onOpenSettings}
        />
      )}
      {sender.error !== null && (
        <DismissibleNotice
          intent="error"
          title={t("texts.sendError")}
          onDismiss={sender.clearError}
          data-testid="text-error"
        >
          {errorMessage(sender.error, i18n)}
        </DismissibleNotice>
      )}
      {asking && conv && (
        <DoNotTextDialog
          contactName={conv.contactName}
          onSend={() => answer(true)}
          onCancel={() => answer(false)}
        />
      )}
    </section>
  );
}

type ConversationBodyProps = {
  conv: Conversation;
  opened: number;
  busy: boolean;
  onSend: (text: OutgoingText, fromBox: boolean) => Promise<boolean>;
  onOpenSettings: () => void;
};

/** The history, the warnings and the message box of a loaded conversation. */
function ConversationBody({ conv, opened, busy, onSend, onOpenSettings }: ConversationBodyProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const now = useNow();
  const history = useRef<HTMLDivElement>(null);
  const messages = conv.messages.filter(isText);
  const last = messages.length > 0 ? messages[messages.length - 1] : undefined;
  const name = firstName(conv.contactName);

  // Newest at the bottom, in view on opening and whenever a message comes or goes.
  const lastKey = last ? `${last.id}:${last.text.state}:${messages.length}` : "";
  useLayoutEffect(() => {
    const el = history.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastKey]);

  const noNumber = conv.warnings.includes("noNumberToText") || conv.toNumbers.length === 0;
  const notSetUp = conv.transport === null;
  const noSender = !notSetUp && conv.fromNumbers.length === 0;
  const canSend = !noNumber && !notSetUp && !noSender;
  const canSendAgain = (text: TextDetails) =>
    canSend && conv.toNumbers.some((n) => n.e164 === text.to);

  return (
    <>
      <div
        ref={history}
        className={styles.history}
        role="log"
        aria-label={t("texts.history", { name: conv.contactName })}
        tabIndex={0}
        data-testid="conversation-history"
      >
        {messages.length === 0 ? (
          <Text className={styles.empty} data-testid="conversation-empty">
            {t("texts.empty", { name })}
          </Text>
        ) : (
          <ol className={styles.list}>
            {messages.map((m) => (
              <TextMessage
                key={m.id}
                message={m}
                contactName={conv.contactName}
                numbers={conv.toNumbers}
                now={now}
                onSendAgain={
                  canSendAgain(m.text)
                    ? (text) =>
                        void onSend(
                          {
                            from: conv.fromNumbers.includes(text.from)
                              ? text.from
                              : conv.fromNumbers[0],
                            to: text.to,
                            body: text.body,
                          },
                          false,
                        )
                    : undefined
                }
              />
            ))}
          </ol>
        )}
      </div>

      {noNumber && (
        <MessageBar intent="warning" layout="multiline" data-testid="text-warning-noNumberToText">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.warning.noNumberToTextTitle")}</MessageBarTitle>
            {t("texts.warning.noNumberToText", { name: conv.contactName })}
          </MessageBarBody>
        </MessageBar>
      )}
      {conv.warnings.includes("doNotText") && (
        <MessageBar intent="warning" layout="multiline" data-testid="text-warning-doNotText">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.warning.doNotTextTitle")}</MessageBarTitle>
            {t("texts.warning.doNotText", { name: conv.contactName })}
          </MessageBarBody>
        </MessageBar>
      )}
      {(notSetUp || noSender) && (
        <MessageBar intent="info" layout="multiline" data-testid="texts-not-ready">
          <MessageBarBody>
            <MessageBarTitle>{t("texts.notReady.title")}</MessageBarTitle>
            {notSetUp ? t("texts.notReady.body") : t("texts.notReady.noSender")}
          </MessageBarBody>
          <MessageBarActions>
            <Button
              icon={<Settings20Regular />}
              data-testid="texts-open-settings"
              onClick={onOpenSettings}
            >
              {t("texts.notReady.action")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}

      <TextComposer
        conversation={conv}
        canSend={canSend}
        busy={busy}
        focusKey={opened}
        onSend={(text) => onSend(text, true)}
      />
    </>
  );
}
