import { useTranslation } from "react-i18next";
import { DismissibleNotice } from "../../lib/DismissibleNotice";

export type ComingSoonKind = "open";

/** Says plainly that a flow is not built yet, instead of pretending it ran. */
export function ComingSoon({ kind, onDismiss }: { kind: ComingSoonKind; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <DismissibleNotice
      intent="info"
      title={t(`comingSoon.${kind}.title`)}
      onDismiss={onDismiss}
      data-testid="coming-soon"
      data-kind={kind}
    >
      {t(`comingSoon.${kind}.body`)}
    </DismissibleNotice>
  );
}
