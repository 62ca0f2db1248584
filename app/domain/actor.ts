// Who is acting: every domain command receives one.

export type Actor = {
  userId: string;
  /** The enterprises this user manages. */
  enterpriseIds: readonly string[];
};
