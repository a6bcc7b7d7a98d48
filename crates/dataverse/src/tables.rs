//! The tables Nextline reads, in the order a sync reads them (people and companies before the
//! leads and opportunities that point at them, records before their activities), with the
//! columns it selects. The README's "Dynamics 365 mapping" table says what each becomes.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    SystemUsers,
    Teams,
    Accounts,
    Contacts,
    Leads,
    Opportunities,
    SequenceTargets,
    PhoneCalls,
    Emails,
    Appointments,
    Tasks,
    SequenceTargetSteps,
    Annotations,
    /// Text messages where the org keeps them (`msdyn_salesocmessage`, Sales' SMS feature).
    TextMessages,
}

impl Table {
    pub const ALL: [Table; 14] = [
        Table::SystemUsers,
        Table::Teams,
        Table::Accounts,
        Table::Contacts,
        Table::Leads,
        Table::Opportunities,
        Table::SequenceTargets,
        Table::PhoneCalls,
        Table::Emails,
        Table::Appointments,
        Table::Tasks,
        Table::SequenceTargetSteps,
        Table::Annotations,
        Table::TextMessages,
    ];

    /// The entity set name in URLs.
    pub fn set(self) -> &'static str {
        match self {
            Table::SystemUsers => "systemusers",
            Table::Teams => "teams",
            Table::Accounts => "accounts",
            Table::Contacts => "contacts",
            Table::Leads => "leads",
            Table::Opportunities => "opportunities",
            Table::SequenceTargets => "msdyn_sequencetargets",
            Table::PhoneCalls => "phonecalls",
            Table::Emails => "emails",
            Table::Appointments => "appointments",
            Table::Tasks => "tasks",
            Table::SequenceTargetSteps => "msdyn_sequencetargetsteps",
            Table::Annotations => "annotations",
            Table::TextMessages => "msdyn_salesocmessages",
        }
    }

    pub fn from_set(set: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.set() == set)
    }

    /// The primary key column.
    pub fn key(self) -> &'static str {
        match self {
            Table::SystemUsers => "systemuserid",
            Table::Teams => "teamid",
            Table::Accounts => "accountid",
            Table::Contacts => "contactid",
            Table::Leads => "leadid",
            Table::Opportunities => "opportunityid",
            Table::SequenceTargets => "msdyn_sequencetargetid",
            Table::PhoneCalls | Table::Emails | Table::Appointments | Table::Tasks => "activityid",
            Table::SequenceTargetSteps => "msdyn_sequencetargetstepid",
            Table::Annotations => "annotationid",
            Table::TextMessages => "msdyn_salesocmessageid",
        }
    }

    /// Only orgs with the sales accelerator (or Sales' text messages) have these; an org
    /// without them syncs the rest.
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            Table::SequenceTargets | Table::SequenceTargetSteps | Table::TextMessages
        )
    }

    /// The columns read (`$select`); the key is always returned.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::SystemUsers => &[
                "fullname",
                "internalemailaddress",
                "mobilephone",
                "address1_telephone1",
            ],
            Table::Teams => &["name", "teamtype"],
            Table::Accounts => &["name", "telephone1", "address1_country"],
            Table::Contacts => &[
                "fullname",
                "telephone1",
                "mobilephone",
                "emailaddress1",
                "donotphone",
                "donotemail",
                "address1_country",
                "_parentcustomerid_value",
            ],
            Table::Leads => &[
                "subject",
                "fullname",
                "companyname",
                "telephone1",
                "mobilephone",
                "emailaddress1",
                "donotphone",
                "donotemail",
                "address1_country",
                "_ownerid_value",
                "statecode",
            ],
            Table::Opportunities => &[
                "name",
                "_parentcontactid_value",
                "_parentaccountid_value",
                "_customerid_value",
                "_ownerid_value",
                "closeprobability",
                "statecode",
            ],
            Table::SequenceTargets => &[
                "_msdyn_target_value",
                "_msdyn_parentsequence_value",
                "msdyn_currentstepcount",
                "statecode",
            ],
            Table::PhoneCalls => &[
                "subject",
                "scheduledend",
                "statecode",
                "statuscode",
                "_regardingobjectid_value",
                "_ownerid_value",
                "phonenumber",
                "directioncode",
                "actualdurationminutes",
                "actualstart",
                "actualend",
                "createdon",
            ],
            Table::Emails => &[
                "subject",
                "scheduledend",
                "statecode",
                "statuscode",
                "_regardingobjectid_value",
                "_ownerid_value",
                "delayedemailsendtime",
                "actualend",
                "createdon",
            ],
            Table::Appointments => &[
                "subject",
                "scheduledstart",
                "scheduledend",
                "statecode",
                "statuscode",
                "_regardingobjectid_value",
                "_ownerid_value",
                "onlinemeetingjoinurl",
                "location",
                "description",
                "createdon",
            ],
            Table::Tasks => &[
                "subject",
                "scheduledend",
                "statecode",
                "statuscode",
                "_regardingobjectid_value",
                "_ownerid_value",
                "createdon",
            ],
            Table::SequenceTargetSteps => &[
                "msdyn_name",
                "msdyn_type",
                "msdyn_duetime",
                "statecode",
                "statuscode",
                "_msdyn_sequencetarget_value",
                "msdyn_linkedactivityid",
                "_ownerid_value",
                "createdon",
            ],
            Table::Annotations => &[
                "subject",
                "notetext",
                "_objectid_value",
                "_createdby_value",
                "createdon",
            ],
            Table::TextMessages => &[
                "msdyn_content",
                "msdyn_from",
                "msdyn_to",
                "msdyn_isinbound",
                "msdyn_entityname",
                "msdyn_entityid",
                "msdyn_statusdetails",
                "statecode",
                "statuscode",
                "_ownerid_value",
                "createdon",
            ],
        }
    }

    /// The path of a tracked read of the table: `leads?$select=…`.
    pub fn tracked_query(self) -> String {
        format!("{}?$select={}", self.set(), self.columns().join(","))
    }
}
