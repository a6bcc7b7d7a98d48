/** The CRM's name: a brand, the same in every language. */
export const CRM_NAME = "Dynamics 365";
