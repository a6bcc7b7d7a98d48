import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  type MessageBarIntent,
} from "@fluentui/react-components";
import { Dismiss20Regular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export type DismissibleNoticeProps = {
  intent: MessageBarIntent;
  title: ReactNode;
  children?: ReactNode;
  onDismiss: () => void;
  className?: string;
  "data-testid"?: string;
  "data-kind"?: string;
};

/** A message with a title, a body and a dismiss button (notices, refusals, "coming soon"). */
export function DismissibleNotice({
  intent,
  title,
  children,
  onDismiss,
  ...rest
}: DismissibleNoticeProps) {
  const { t } = useTranslation();
  return (
    <MessageBar intent={intent} layout="multiline" {...rest}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {children}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            size="small"
            icon={<Dismiss20Regular />}
            aria-label={t("common.dismiss")}
            onClick={onDismiss}
          />
        }
      />
    </MessageBar>
  );
}
