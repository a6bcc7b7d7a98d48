import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  CalendarClock20Regular,
  Delete20Regular,
  Dismiss20Regular,
  Send20Regular,
  Settings20Regular,
} from "@fluentui/react-icons";
import StarterKit from "@tiptap/starter-kit";
import { useEditor } from "@tiptap/react";
import {
  forwardRef,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, type EmailComposer as Composer, type Template } from "../../../ipc/commands";
import { formatClockTime } from "../../../lib/relativeTime";
import { formatShortDateTime } from "../../../lib/shortDateTime";
import { CRM_NAME } from "../../sync";
import { useFeedback } from "../../upnext";
import {
  firstName,
  hasOwnText,
  joinAddresses,
  splitAddresses,
  withSignature,
} from "../hooks/emailText";
import type { ComposerHandle, EmailTarget } from "../hooks/useDraftGuard";
import { useEmailDraft, type EmailDraftState } from "../hooks/useEmailDraft";
import { BodyEditor } from "./BodyEditor";
import { DiscardDialog } from "./DiscardDialog";
import { useEditorSurfaceStyles } from "./editorStyles";
import { LinkDialog } from "./LinkDialog";
import { ScheduleDialog } from "./ScheduleDialog";
import { TemplateDialog } from "./TemplateDialog";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow8,
    scrollMarginTop: tokens.spacingVerticalL,
  },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
  },
  title: { margin: 0, flexGrow: 1, minWidth: 0 },
  status: { color: tokens.colorNeutralForeground3, whiteSpace: "nowrap" },
  statusError: { color: tokens.colorPaletteRedForeground1 },
  pair: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(240px, 1fr))",
    alignItems: "start",
    gap: tokens.spacingHorizontalM,
  },
  footer: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
  hint: { color: tokens.colorNeutralForeground3 },
  spacer: { flexGrow: 1 },
  centre: { display: "flex", justifyContent: "center", paddingBlock: tokens.spacingVerticalL },
});

export type EmailComposerProps = {
  target: EmailTarget;
  /** The composer goes (after Send, Schedule, Discard, or Close with the draft kept). */
  onClose: () => void;
  /** Settings → Email, to set up the mail server. */
  onOpenSettings: () => void;
  /** Who the email is to, once known (for the R16 question). */
  onNamed?: (contactName: string) => void;
};

/**
 * R15–R17: the email composer, docked at the top of the record pane. It opens with the
 * record's saved draft or a fresh one, saves every change as a draft, and sends now or at a
 * chosen (or suggested) time.
 */
export const EmailComposer = forwardRef<ComposerHandle, EmailComposerProps>(function EmailComposer(
  { target, onClose, onOpenSettings, onNamed },
  ref,
) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const state = useEmailDraft(target.recordId, target.forActivity);
  const focusForm = useRef<(() => void) | null>(null);
  const root = useRef<HTMLElement>(null);
  const { composer, fields } = state;

  useImperativeHandle(
    ref,
    () => ({
      hasDraft: state.hasDraft,
      keep: state.keep,
      discard: state.discard,
      focus: () => {
        root.current?.scrollIntoView?.({ block: "nearest" });
        focusForm.current?.();
      },
    }),
    [state.hasDraft, state.keep, state.discard],
  );

  const name = composer?.contactName ?? target.contactName;
  useEffect(() => {
    if (composer && onNamed) onNamed(composer.contactName);
  }, [composer, onNamed]);

  useEffect(() => {
    root.current?.scrollIntoView?.({ block: "nearest" });
  }, []);

  let body: ReactNode;
  if (state.loadError !== null) {
    body = (
      <MessageBar intent="error" layout="multiline" data-testid="email-load-error">
        <MessageBarBody>
          <MessageBarTitle>{t("email.composer.loadError")}</MessageBarTitle>
          {errorMessage(state.loadError, i18n)}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={state.retry}>
            {t("email.composer.retry")}
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  } else if (!composer || !fields) {
    body = (
      <div className={styles.centre}>
        <Spinner size="small" label={t("email.composer.loading")} />
      </div>
    );
  } else {
    body = (
      <ComposerForm
        composer={composer}
        state={state}
        focusRef={focusForm}
        onClose={onClose}
        onOpenSettings={onOpenSettings}
      />
    );
  }

  const closeKeepingDraft = async () => {
    if (!composer || (await state.flush())) onClose();
  };

  return (
    <section
      ref={root}
      className={styles.root}
      aria-labelledby={titleId}
      data-testid="email-composer"
      data-record-id={target.recordId}
    >
      <div className={styles.header}>
        <Subtitle2 as="h2" id={titleId} className={styles.title}>
          {name ? t("email.composer.title", { name }) : t("email.composer.titleNoName")}
        </Subtitle2>
        <DraftStatus state={state} />
        <Button
          appearance="subtle"
          icon={<Dismiss20Regular />}
          aria-label={t("email.composer.close")}
          title={t("email.composer.close")}
          data-testid="email-close"
          onClick={() => void closeKeepingDraft()}
        />
      </div>
      {body}
    </section>
  );
});

/** "Draft restored", "Draft saved 10:42", or why the draft couldn't be saved. */
function DraftStatus({ state }: { state: EmailDraftState }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  if (state.saveError !== null) {
    return (
      <Caption1 className={`${styles.status} ${styles.statusError}`} data-testid="email-save-error">
        {t("email.composer.saveError", { reason: errorMessage(state.saveError, i18n) })}
      </Caption1>
    );
  }
  if (state.savedAt) {
    return (
      <Caption1 className={styles.status} data-testid="email-saved">
        {t("email.composer.saved", {
          time: formatClockTime(new Date(state.savedAt), i18n.language),
        })}
      </Caption1>
    );
  }
  if (state.composer?.restored) {
    return (
      <Caption1 className={styles.status} data-testid="email-restored">
        {t("email.composer.restored")}
      </Caption1>
    );
  }
  return null;
}

type Busy = "send" | "schedule" | "discard" | null;
type Failure = { title: string; error: unknown };
type TemplateAsk = { template: Template; subject: string | null; replacesText: boolean };

type ComposerFormProps = {
  composer: Composer;
  state: EmailDraftState;
  focusRef: { current: (() => void) | null };
  onClose: () => void;
  onOpenSettings: () => void;
};

/** The loaded composer: warnings, To, Cc, Subject, the body, Send, Schedule and Discard. */
function ComposerForm({ composer, state, focusRef, onClose, onOpenSettings }: ComposerFormProps) {
  const styles = useStyles();
  const surface = useEditorSurfaceStyles();
  const { t, i18n } = useTranslation();
  const feedback = useFeedback();
  const bodyLabelId = useId();
  const toRef = useRef<HTMLInputElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [dialog, setDialog] = useState<"schedule" | "discard" | "link" | null>(null);
  const [templateAsk, setTemplateAsk] = useState<TemplateAsk | null>(null);
  const fields = state.fields!;
  const { change, normalize } = state;
  // The editor's key handlers are set once: they reach the latest Send and Link through refs.
  const keys = useRef({ send: () => {}, link: () => {} });

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: "https",
          HTMLAttributes: { rel: "noopener noreferrer", target: null },
        },
      }),
    ],
    content: fields.bodyHtml,
    editorProps: {
      attributes: {
        class: surface.surface,
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": bodyLabelId,
        "data-testid": "email-body",
        spellcheck: "true",
      },
      handleKeyDown: (_view, event) => {
        if (!(event.ctrlKey || event.metaKey) || event.altKey) return false;
        if (event.key === "Enter") {
          keys.current.send();
          return true;
        }
        if (event.key.toLowerCase() === "k") {
          keys.current.link();
          return true;
        }
        return false;
      },
    },
    // A change the editor made by itself (no step of the seller's) is no reason to save.
    onUpdate: ({ editor: e, transaction }) =>
      (transaction.docChanged ? change : normalize)({ bodyHtml: e.getHTML() }),
  });

  useEffect(() => {
    focusRef.current = () => {
      if (fields.to.trim() === "") toRef.current?.focus();
      else if (fields.subject.trim() === "") subjectRef.current?.focus();
      else editor?.commands.focus("start");
    };
  });

  // Opened: the first thing to write in has the focus.
  useEffect(() => {
    focusRef.current?.();
  }, [focusRef]);

  const submit = async (sendAt: string | null) => {
    if (busy) return;
    setBusy(sendAt ? "schedule" : "send");
    setFailure(null);
    const to = joinAddresses(splitAddresses(fields.to));
    try {
      await state.send(sendAt);
    } catch (error) {
      setFailure({ title: t("email.composer.sendError"), error });
      setBusy(null);
      setDialog(null);
      return;
    }
    if (sendAt) {
      const at = formatShortDateTime(new Date(sendAt), new Date(), i18n.language);
      feedback.confirm(
        t("email.composer.scheduled", { at }),
        t("email.composer.scheduledTo", { to }),
        "email-confirmation",
      );
    } else {
      feedback.confirm(
        t("email.composer.sent"),
        t("email.composer.sentTo", { to }),
        "email-confirmation",
      );
    }
    onClose();
  };

  const discard = async () => {
    setBusy("discard");
    setFailure(null);
    try {
      await state.discard();
    } catch (error) {
      setFailure({ title: t("email.prompt.error"), error });
      setBusy(null);
      setDialog(null);
      return;
    }
    onClose();
  };

  const openLink = () => setDialog("link");
  useEffect(() => {
    keys.current = { send: () => void submit(null), link: openLink };
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      void submit(null);
    }
  };

  const applyTemplate = (template: Template, withSubject: boolean) => {
    setTemplateAsk(null);
    if (!editor) return;
    editor.commands.setContent(withSignature(template.body, composer.signature), {
      emitUpdate: false,
    });
    change({
      bodyHtml: editor.getHTML(),
      ...(withSubject && template.subject !== "" ? { subject: template.subject } : {}),
    });
    editor.commands.focus("start");
  };

  const pickTemplate = (template: Template) => {
    if (!editor) return;
    const subject = fields.subject.trim();
    const subjectDiffers =
      subject !== "" && template.subject.trim() !== "" && subject !== template.subject.trim();
    const replacesText = hasOwnText(editor.getHTML(), composer.signature);
    if (subjectDiffers || replacesText) {
      setTemplateAsk({ template, subject: subjectDiffers ? fields.subject : null, replacesText });
    } else {
      applyTemplate(template, true);
    }
  };

  const link = (href: string | null) => {
    setDialog(null);
    if (!editor) return;
    const chain = editor.chain().focus();
    if (href === null) {
      chain.extendMarkRange("link").unsetLink().run();
    } else if (editor.isActive("link")) {
      chain.extendMarkRange("link").setLink({ href }).run();
    } else if (editor.state.selection.empty) {
      chain
        .insertContent({
          type: "text",
          text: href.replace(/^mailto:/i, ""),
          marks: [{ type: "link", attrs: { href } }],
        })
        .run();
    } else {
      chain.setLink({ href }).run();
    }
  };

  const name = firstName(composer.contactName);
  const disabled = busy !== null;

  return (
    <div className={styles.form} onKeyDown={onKeyDown}>
      {composer.warnings.map((warning) => (
        <MessageBar
          key={warning}
          intent="warning"
          layout="multiline"
          data-testid={`email-warning-${warning}`}
        >
          <MessageBarBody>{t(`email.warning.${warning}`, { name })}</MessageBarBody>
        </MessageBar>
      ))}
      {!composer.ready && (
        <MessageBar intent="warning" layout="multiline" data-testid="email-not-ready">
          <MessageBarBody>
            <MessageBarTitle>{t("email.notReady.title")}</MessageBarTitle>
            {composer.route === "smtp"
              ? t("email.notReady.smtp")
              : t("email.notReady.dynamics", { crm: CRM_NAME })}
          </MessageBarBody>
          {composer.route === "smtp" && (
            <MessageBarActions>
              <Button
                size="small"
                icon={<Settings20Regular />}
                data-testid="email-open-settings"
                onClick={onOpenSettings}
              >
                {t("email.notReady.setUp")}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}

      <div className={styles.pair}>
        <Field label={t("email.composer.to")} hint={t("email.composer.toHint")}>
          <Input
            ref={toRef}
            data-testid="email-to"
            value={fields.to}
            autoComplete="off"
            spellCheck={false}
            onChange={(_, data) => change({ to: data.value })}
          />
        </Field>
        <Field label={t("email.composer.cc")}>
          <Input
            data-testid="email-cc"
            value={fields.cc}
            autoComplete="off"
            spellCheck={false}
            onChange={(_, data) => change({ cc: data.value })}
          />
        </Field>
      </div>
      <Field label={t("email.composer.subject")}>
        <Input
          ref={subjectRef}
          data-testid="email-subject"
          value={fields.subject}
          onChange={(_, data) => change({ subject: data.value })}
        />
      </Field>
      {editor && (
        <BodyEditor
          editor={editor}
          labelId={bodyLabelId}
          templates={composer.templates}
          onLink={openLink}
          onTemplate={pickTemplate}
        />
      )}

      {failure && (
        <MessageBar intent="error" layout="multiline" data-testid="email-error">
          <MessageBarBody>
            <MessageBarTitle>{failure.title}</MessageBarTitle>
            {errorMessage(failure.error, i18n)}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.footer}>
        <Button
          appearance="primary"
          icon={busy === "send" ? <Spinner size="tiny" /> : <Send20Regular />}
          disabledFocusable={disabled}
          data-testid="email-send"
          onClick={() => void submit(null)}
        >
          {busy === "send" ? t("email.composer.sending") : t("email.composer.send")}
        </Button>
        <Button
          icon={<CalendarClock20Regular />}
          disabledFocusable={disabled}
          data-testid="email-schedule"
          onClick={() => setDialog("schedule")}
        >
          {t("email.composer.schedule")}
        </Button>
        <Caption1 className={styles.hint}>{t("email.composer.sendHint")}</Caption1>
        <span className={styles.spacer} />
        <Button
          appearance="subtle"
          icon={<Delete20Regular />}
          disabledFocusable={disabled}
          data-testid="email-discard"
          onClick={() => setDialog("discard")}
        >
          {t("email.composer.discard")}
        </Button>
      </div>

      {dialog === "schedule" && (
        <ScheduleDialog
          contactName={composer.contactName}
          suggested={composer.suggested}
          busy={busy === "schedule"}
          onSchedule={(sendAt) => void submit(sendAt)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "discard" && (
        <DiscardDialog
          busy={busy === "discard"}
          onConfirm={() => void discard()}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "link" && editor && (
        <LinkDialog
          href={(editor.getAttributes("link").href as string | undefined) ?? ""}
          onApply={link}
          onRemove={() => link(null)}
          onClose={() => {
            setDialog(null);
            editor.commands.focus();
          }}
        />
      )}
      {templateAsk && (
        <TemplateDialog
          template={templateAsk.template}
          subject={templateAsk.subject}
          replacesText={templateAsk.replacesText}
          onUse={(withSubject) => applyTemplate(templateAsk.template, withSubject)}
          onClose={() => setTemplateAsk(null)}
        />
      )}
    </div>
  );
}
