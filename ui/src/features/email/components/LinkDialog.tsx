import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { normalizeLink } from "../hooks/emailText";

export type LinkDialogProps = {
  /** The link being edited; empty to insert one. */
  href: string;
  onApply: (href: string) => void;
  onRemove: () => void;
  onClose: () => void;
};

/** Inserts a link in the body, or changes or removes the one at the cursor. */
export function LinkDialog({ href, onApply, onRemove, onClose }: LinkDialogProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(href);
  const [tried, setTried] = useState(false);
  const normalized = normalizeLink(value);
  const invalid = tried && value.trim() !== "" && normalized === null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (normalized) onApply(normalized);
    else if (value.trim() === "" && href !== "") onRemove();
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="email-link-dialog" aria-describedby={undefined}>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>
              {href ? t("email.link.editTitle") : t("email.link.insertTitle")}
            </DialogTitle>
            <DialogContent>
              <Field
                label={t("email.link.address")}
                validationState={invalid ? "error" : "none"}
                validationMessage={invalid ? t("email.link.invalid") : undefined}
              >
                <Input
                  data-testid="email-link-url"
                  value={value}
                  placeholder="https://"
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(_, data) => setValue(data.value)}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              {href !== "" && (
                <Button data-testid="email-link-remove" onClick={onRemove}>
                  {t("email.link.remove")}
                </Button>
              )}
              <Button onClick={onClose}>{t("common.cancel")}</Button>
              <Button
                appearance="primary"
                type="submit"
                data-testid="email-link-apply"
                disabled={value.trim() === "" && href === ""}
              >
                {t("email.link.apply")}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
