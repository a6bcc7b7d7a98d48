import {
  Button,
  Divider,
  Label,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  ToggleButton,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  DocumentText20Regular,
  Link20Regular,
  TextBold20Regular,
  TextBulletList20Regular,
  TextItalic20Regular,
  TextNumberListLtr20Regular,
} from "@fluentui/react-icons";
import { EditorContent, useEditorState, type Editor } from "@tiptap/react";
import { useState, type KeyboardEvent, type ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { Template } from "../../../ipc/commands";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  frame: {
    display: "flex",
    flexDirection: "column",
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    ":focus-within": {
      borderBottomColor: tokens.colorCompoundBrandStroke,
      outline: `${tokens.strokeWidthThin} solid ${tokens.colorCompoundBrandStroke}`,
    },
  },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: "2px",
    padding: tokens.spacingHorizontalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  divider: { flexGrow: 0, height: "20px", marginInline: tokens.spacingHorizontalXS },
  templates: { marginInlineStart: "auto" },
});

type Format = "bold" | "italic" | "bulletList" | "orderedList" | "link";

const FORMATS: { format: Format; label: string; icon: ReactElement; testId: string }[] = [
  { format: "bold", label: "bold", icon: <TextBold20Regular />, testId: "email-bold" },
  { format: "italic", label: "italic", icon: <TextItalic20Regular />, testId: "email-italic" },
  {
    format: "bulletList",
    label: "bullets",
    icon: <TextBulletList20Regular />,
    testId: "email-bullets",
  },
  {
    format: "orderedList",
    label: "numbers",
    icon: <TextNumberListLtr20Regular />,
    testId: "email-numbers",
  },
];

export type BodyEditorProps = {
  editor: Editor;
  labelId: string;
  templates: Template[];
  onLink: () => void;
  onTemplate: (template: Template) => void;
};

/** The body: a toolbar (bold, italic, lists, link, templates) over the rich-text editor. */
export function BodyEditor({ editor, labelId, templates, onLink, onTemplate }: BodyEditorProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      link: e.isActive("link"),
    }),
  });

  // One tab stop for the toolbar; the arrow keys, Home and End move along it.
  const [current, setCurrent] = useState(0);
  const stop = (index: number) => ({
    tabIndex: index === current ? 0 : -1,
    onFocus: () => setCurrent(index),
  });
  const onToolbarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const rtl = getComputedStyle(event.currentTarget).direction === "rtl";
    const forward = rtl ? "ArrowLeft" : "ArrowRight";
    const back = rtl ? "ArrowRight" : "ArrowLeft";
    let next: number;
    if (event.key === forward) next = (at + 1) % buttons.length;
    else if (event.key === back) next = (at - 1 + buttons.length) % buttons.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = buttons.length - 1;
    else return;
    event.preventDefault();
    buttons[next].focus();
  };

  const toggle = (format: Format) => {
    const chain = editor.chain().focus();
    if (format === "bold") chain.toggleBold().run();
    else if (format === "italic") chain.toggleItalic().run();
    else if (format === "bulletList") chain.toggleBulletList().run();
    else if (format === "orderedList") chain.toggleOrderedList().run();
  };

  return (
    <div className={styles.root}>
      <Label id={labelId} onClick={() => editor.commands.focus()}>
        {t("email.composer.body")}
      </Label>
      <div className={styles.frame}>
        <div
          role="toolbar"
          className={styles.toolbar}
          aria-label={t("email.toolbar.label")}
          data-testid="email-toolbar"
          onKeyDown={onToolbarKeyDown}
        >
          {FORMATS.map(({ format, label, icon, testId }, index) => (
            <Tooltip
              key={format}
              content={t(`email.toolbar.${label}`)}
              relationship="label"
              withArrow
            >
              <ToggleButton
                size="small"
                appearance="subtle"
                checked={active[format]}
                icon={icon}
                data-testid={testId}
                {...stop(index)}
                onClick={() => toggle(format)}
              />
            </Tooltip>
          ))}
          <Divider vertical className={styles.divider} />
          <Tooltip content={t("email.toolbar.link")} relationship="label" withArrow>
            <ToggleButton
              size="small"
              appearance="subtle"
              checked={active.link}
              icon={<Link20Regular />}
              data-testid="email-link"
              {...stop(FORMATS.length)}
              onClick={onLink}
            />
          </Tooltip>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button
                size="small"
                appearance="subtle"
                className={styles.templates}
                icon={<DocumentText20Regular />}
                data-testid="email-template"
                disabledFocusable={templates.length === 0}
                {...stop(FORMATS.length + 1)}
              >
                {templates.length === 0
                  ? t("email.toolbar.noTemplates")
                  : t("email.toolbar.template")}
              </Button>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {templates.map((template) => (
                  <MenuItem
                    key={template.id}
                    data-testid="email-template-option"
                    data-template-id={template.id}
                    onClick={() => onTemplate(template)}
                  >
                    {template.name}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuPopover>
          </Menu>
        </div>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
