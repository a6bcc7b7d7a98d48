import {
  Button,
  Caption1,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowClockwise16Regular,
  Checkmark16Regular,
  CheckmarkCircle16Regular,
  Clock16Regular,
  ErrorCircle16Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, ContactNumber, TextDetails, TextState } from "../../../ipc/commands";
import { formatDateTime } from "../../../lib/relativeTime";
import { formatMessageTime } from "../hooks/messageTime";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    maxWidth: "78%",
  },
  outgoing: { alignSelf: "flex-end", alignItems: "flex-end" },
  incoming: { alignSelf: "flex-start", alignItems: "flex-start" },
  bubble: {
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusXLarge,
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
  },
  outBubble: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    borderEndEndRadius: tokens.borderRadiusSmall,
  },
  inBubble: {
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    borderEndStartRadius: tokens.borderRadiusSmall,
  },
  failedBubble: {
    outline: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder2}`,
  },
  meta: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
  },
  state: { display: "inline-flex", alignItems: "center", columnGap: "2px" },
  delivered: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  srOnly: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

const STATE_ICON: Record<Exclude<TextState, "received">, ReactElement> = {
  sending: <Clock16Regular aria-hidden />,
  sent: <Checkmark16Regular aria-hidden />,
  delivered: <CheckmarkCircle16Regular aria-hidden />,
  failed: <ErrorCircle16Regular aria-hidden />,
};

export type TextMessageProps = {
  message: Activity & { text: TextDetails };
  contactName: string;
  /** The contact's numbers, to show the one a message went to as people write it. */
  numbers: ContactNumber[];
  now: Date;
  /** Sends a failed message again; absent when it can't be sent from here now. */
  onSendAgain?: (text: TextDetails) => void;
};

/** One message of the conversation: a bubble, when, and for the seller's, how it went. */
export function TextMessage({ message, contactName, numbers, now, onSendAgain }: TextMessageProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const { text } = message;
  const outgoing = text.direction === "outgoing";
  // An incoming message is received, whatever a transport says.
  const state: TextState = outgoing ? text.state : "received";
  const at = new Date(text.at);
  const toDisplay = numbers.find((n) => n.e164 === text.to)?.display ?? text.to;

  let stateWords: string | null = null;
  if (state === "failed") {
    stateWords = text.failure
      ? t("texts.state.failedWhy", { failure: text.failure })
      : t("texts.state.failed");
  } else if (state !== "received") {
    stateWords = t(`texts.state.${state}`);
  }

  return (
    <li
      className={mergeClasses(styles.row, outgoing ? styles.outgoing : styles.incoming)}
      data-testid="text-message"
      data-direction={text.direction}
      data-state={state}
      data-message-id={message.id}
    >
      <div
        className={mergeClasses(
          styles.bubble,
          outgoing ? styles.outBubble : styles.inBubble,
          state === "failed" && styles.failedBubble,
        )}
      >
        <span className={styles.srOnly}>
          {outgoing
            ? `${t("texts.toNumber", { number: toDisplay })}: `
            : `${t("texts.fromContact", { name: contactName })}: `}
        </span>
        <Text data-testid="text-message-body">{text.body}</Text>
      </div>
      <Caption1 className={styles.meta}>
        {outgoing && numbers.length > 1 && <span aria-hidden>{toDisplay} ·</span>}
        <time dateTime={text.at} title={formatDateTime(at, i18n.language)}>
          {formatMessageTime(at, now, i18n.language)}
        </time>
        {stateWords && state !== "received" && (
          <span
            className={mergeClasses(
              styles.state,
              state === "delivered" && styles.delivered,
              state === "failed" && styles.failed,
            )}
            data-testid="text-message-state"
          >
            · {STATE_ICON[state]}
            {stateWords}
          </span>
        )}
      </Caption1>
      {state === "failed" && onSendAgain && (
        <Button
          size="small"
          appearance="transparent"
          icon={<ArrowClockwise16Regular />}
          data-testid="text-send-again"
          onClick={() => onSendAgain(text)}
        >
          {t("texts.sendAgain")}
        </Button>
      )}
    </li>
  );
}
