// The whole database schema, one file per concept.
export * from "./accounts";
export * from "./enterprises";
export * from "./catalogue";
export * from "./methods";
export * from "./fees";
export * from "./outbox";
export * from "./order-cycles";
export * from "./orders";
export * from "./shop";
export * from "./instance";
export * from "./payments";
export * from "./supplier-confirmations";
export * from "./invoices";
export * from "./webhooks";
export * from "./thresholds";
export * from "./loyalty";
export * from "./promotions";
