import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { Dismiss20Regular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";

export type ComingSoonKind = "email" | "textMessage" | "join" | "open";

/** Says plainly that a flow is not built yet, instead of pretending it ran. */
export function ComingSoon({ kind, onDismiss }: { kind: ComingSoonKind; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="coming-soon" data-kind={kind}>
      <MessageBarBody>
        <MessageBarTitle>{t(`comingSoon.${kind}.title`)}</MessageBarTitle>
        {t(`comingSoon.${kind}.body`)}
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
