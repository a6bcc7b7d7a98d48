import {
  Button,
  Caption1,
  Field,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { DocumentText20Regular, Send20Regular } from "@fluentui/react-icons";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation } from "../../../ipc/commands";
import { draftOf, keepDraft } from "../hooks/drafts";
import type { OutgoingText } from "../hooks/useSendText";

/** The most a text message may have (the back end refuses more). */
export const MAX_TEXT_CHARS = 1000;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  numbers: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    gap: tokens.spacingHorizontalM,
  },
  footer: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  hint: { flexGrow: 1, color: tokens.colorNeutralForeground3 },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

/** Characters as the back end counts them (Unicode scalar values, so emoji count once). */
const charCount = (text: string) => Array.from(text).length;

export type TextComposerProps = {
  conversation: Conversation;
  /** Whether the seller may send now (set up, a number to text). */
  canSend: boolean;
  busy: boolean;
  /** Grows when the pane is asked for again: the message box takes the keyboard. */
  focusKey: number;
  /** Sends; resolves true when the message was taken (the box empties), false otherwise. */
  onSend: (text: OutgoingText) => Promise<boolean>;
};

/** The message box, the numbers from and to, templates and Send (R21). */
export function TextComposer({ conversation, canSend, busy, focusKey, onSend }: TextComposerProps) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const record = conversation.record;
  const [body, setBodyState] = useState(() => draftOf(record));
  const [chosenFrom, setFrom] = useState<string | null>(null);
  const [chosenTo, setTo] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const countId = useId();

  const { fromNumbers, toNumbers, contactName } = conversation;
  // What was chosen, while it is still offered; else the first: business first (R20).
  const from =
    chosenFrom !== null && fromNumbers.includes(chosenFrom) ? chosenFrom : fromNumbers[0];
  const to =
    chosenTo !== null && toNumbers.some((n) => n.e164 === chosenTo) ? chosenTo : toNumbers[0]?.e164;

  useEffect(() => {
    box.current?.focus();
  }, [focusKey]);

  const setBody = (value: string) => {
    setBodyState(value);
    keepDraft(record, value);
  };

  const count = charCount(body);
  const tooLong = count > MAX_TEXT_CHARS;
  const sendable = canSend && !busy && body.trim() !== "" && !tooLong && !!from && !!to;
  const number = (n: number) => new Intl.NumberFormat(i18n.language).format(n);

  const send = async () => {
    if (!sendable || !from || !to) return;
    if (await onSend({ from, to, body })) setBody("");
    box.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  const fillTemplate = (templateBody: string) => {
    setBody(templateBody);
    requestAnimationFrame(() => {
      const el = box.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    });
  };

  return (
    <div className={styles.root} data-testid="text-composer">
      {(fromNumbers.length > 1 || toNumbers.length > 0) && (
        <div className={styles.numbers}>
          {fromNumbers.length > 1 && (
            <Field label={t("texts.from")}>
              <Select
                data-testid="text-from"
                value={from}
                onChange={(_, data) => setFrom(data.value)}
              >
                {fromNumbers.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {toNumbers.length > 0 && (
            <Field label={t("texts.to")}>
              <Select data-testid="text-to" value={to} onChange={(_, data) => setTo(data.value)}>
                {toNumbers.map((n) => (
                  <option key={n.e164} value={n.e164}>
                    {`${t(`texts.numberKind.${n.kind}`)}: ${n.display}`}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </div>
      )}
      <Textarea
        ref={box}
        data-testid="text-body"
        aria-label={t("texts.body", { name: contactName })}
        aria-describedby={countId}
        placeholder={t("texts.bodyPlaceholder")}
        value={body}
        readOnly={busy}
        resize="vertical"
        rows={3}
        onChange={(_, data) => setBody(data.value)}
        onKeyDown={onKeyDown}
      />
      {tooLong && (
        <Caption1 className={styles.over} role="alert" data-testid="text-too-long">
          {t("texts.tooLong", { max: number(MAX_TEXT_CHARS) })}
        </Caption1>
      )}
      <div className={styles.footer}>
        <Caption1 id={countId} className={styles.hint}>
          {t("texts.enterHint")} ·{" "}
          <span className={mergeClasses(tooLong && styles.over)} data-testid="text-count">
            {t("texts.count", { chars: number(count), max: number(MAX_TEXT_CHARS) })}
          </span>
        </Caption1>
        {conversation.templates.length > 0 && (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <MenuButton
                appearance="subtle"
                icon={<DocumentText20Regular />}
                data-testid="text-template"
              >
                {t("texts.templates")}
              </MenuButton>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {conversation.templates.map((template) => (
                  <MenuItem
                    key={template.id}
                    data-testid={`text-template-${template.id}`}
                    onClick={() => fillTemplate(template.body)}
                  >
                    {template.name}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
        )}
        <Button
          appearance="primary"
          icon={busy ? <Spinner size="tiny" /> : <Send20Regular />}
          disabled={!sendable}
          data-testid="text-send"
          onClick={() => void send()}
        >
          {busy ? t("texts.sending") : t("texts.send")}
        </Button>
      </div>
    </div>
  );
}
