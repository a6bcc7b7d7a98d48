import { Button } from "@fluentui/react-components";
import { CalendarAdd20Regular } from "@fluentui/react-icons";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CrmRecord } from "../../../ipc/commands";
import { NewMeetingDialog } from "../lazy";

/** R18: "New meeting" for a record, with the dialog it opens. */
export function NewMeetingButton({ record }: { record: CrmRecord }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        appearance="secondary"
        icon={<CalendarAdd20Regular />}
        data-testid="new-meeting"
        onClick={() => setOpen(true)}
      >
        {t("meetings.new.open")}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <NewMeetingDialog record={record} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
