// What a distributor's customer is made of, as every way in checks it (the API, the page, the CSV import).
import { z } from "zod";
import { externalIdField } from "#app/domain/external-ids/rules";

export const customerSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  name: z.string().trim().max(120).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
  /** Absent keeps it, null clears it (decision 0044). */
  externalId: externalIdField,
  /** The distributor records (true) or withdraws (false) the customer's consent to marketing email; absent keeps it. */
  marketingConsent: z.boolean().optional(),
});

/** The customers page's "news" switch for one customer. */
export const customerConsentSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  marketingConsent: z.boolean(),
});
