// Managers of an enterprise: added at once when they have an account, invited by email (once) when
// they do not, the invitation accepted at sign-up; the owner and the last manager stay.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import * as signupRoute from "#app/routes/signup";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, managerInvitations, outboxEmails } from "#db/schema";
import { signUp } from "#app/domain/accounts/accounts.server";
import { managedEnterpriseIds, removeManager } from "#app/domain/enterprises/managers.server";
import { actorFor } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createEnterprise, createUser } from "#tests/support/world";

async function managerIds(enterpriseId: string) {
  const rows = await getDb().select({ userId: enterpriseManagers.userId }).from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, enterpriseId));
  return rows.map((row) => row.userId).sort();
}

async function invitationEmails(to: string) {
  return getDb().select().from(outboxEmails).where(eq(outboxEmails.toAddress, to));
}

describe("POST /enterprises/:id/managers", () => {
  it("makes a user with an account a manager at once (201), whatever the case of the email", async () => {
    const owner = await createUser();
    const colleague = await createUser({ email: "sam@example.test" });
    const hub = await createEnterprise(owner, { kind: "hub" });
    const res = await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: " Sam@Example.TEST " } });
    expect(res.status).toBe(201);
    expect(await json(res)).toEqual({ status: "added", userId: colleague.id, email: "sam@example.test" });
    expect(await managerIds(hub.id)).toEqual([owner.id, colleague.id].sort());
    expect(await managedEnterpriseIds(colleague.id)).toEqual([hub.id]);
    expect(await invitationEmails("sam@example.test")).toHaveLength(0);
  });

  it("answers 201 again for someone who already manages it, changing nothing", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const res = await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: owner.email } });
    expect(res.status).toBe(201);
    expect((await json(res)).status).toBe("alreadyManager");
    expect(await managerIds(hub.id)).toEqual([owner.id]);
  });

  it("invites an unknown email: one invitation row and one email in the outbox, in the enterprise's language, however many times it is asked", async () => {
    const owner = await createUser({ name: "Camille" });
    const hub = await createEnterprise(owner, { name: "La Ruche", kind: "hub", locale: "fr", email: "ruche@example.test" });
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await callRoute(managersRoute, {
        token: owner.token,
        params: { enterpriseId: hub.id },
        body: { email: attempt === 1 ? "NEW@example.test" : "new@example.test" },
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({ status: "invited", email: "new@example.test" });
    }
    const invitations = await getDb().select().from(managerInvitations).where(eq(managerInvitations.enterpriseId, hub.id));
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ email: "new@example.test", invitedById: owner.id });
    const emails = await invitationEmails("new@example.test");
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      kind: "manager_invitation",
      idempotencyKey: `invite:${hub.id}:new@example.test`,
      replyTo: "ruche@example.test",
      status: "queued",
    });
    expect(emails[0].subject).toBe("Camille vous invite à gérer La Ruche sur Circuit");
    expect(emails[0].text).toContain("new%40example.test");
    expect(emails[0].html).toContain("Créer mon compte");
    expect(await managerIds(hub.id)).toEqual([owner.id]);
  });

  it("writes the invitation in English for an English enterprise, with escaped names", async () => {
    const owner = await createUser({ name: "Ann <b>" });
    const hub = await createEnterprise(owner, { name: "Fields & Co", kind: "hub", locale: "en" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "en@example.test" } });
    const [email] = await invitationEmails("en@example.test");
    expect(email.subject).toBe("Ann <b> invites you to manage Fields & Co on Circuit");
    expect(email.html).toContain("Fields &amp; Co");
    expect(email.html).not.toContain("Ann <b>");
  });

  it("turns the invitation into management when that email signs up, and removes the invitation", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const farm = await createEnterprise(owner, { kind: "producer" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "newbie@example.test" } });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: farm.id }, body: { email: "newbie@example.test" } });
    const user = await signUp({ email: "Newbie@Example.test", password: "long enough password", name: "Newbie" }, "203.0.113.9");
    expect((await managedEnterpriseIds(user.id)).sort()).toEqual([hub.id, farm.id].sort());
    expect(await getDb().select().from(managerInvitations).where(eq(managerInvitations.email, "newbie@example.test"))).toEqual([]);
    const listed = await json(await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id } }));
    expect(listed.items.map((manager: { userId: string }) => manager.userId)).toContain(user.id);
    expect(listed.invitations).toEqual([]);
  });

  it("links the invitation to the sign-up page with the invited email filled in", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "jo+veg@example.test" } });
    const [email] = await invitationEmails("jo+veg@example.test");
    const link = new URL(/https?:\/\/\S+\/signup\?\S+/.exec(email.text)![0]);
    const page = await callRoute(signupRoute, { path: link.pathname + link.search });
    expect(page.status).toBe(200);
    expect((await json(page)).email).toBe("jo+veg@example.test");
  });

  it("lists managers with the owner first and marked, and pending invitations", async () => {
    const owner = await createUser({ name: "Owner" });
    const colleague = await createUser({ name: "Colleague" });
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: colleague.email } });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "later@example.test" } });
    const listed = await json(await callRoute(managersRoute, { token: colleague.token, params: { enterpriseId: hub.id } }));
    expect(listed.items.map((manager: { name: string; isOwner: boolean }) => [manager.name, manager.isOwner])).toEqual([
      ["Owner", true],
      ["Colleague", false],
    ]);
    expect(listed.invitations.map((invitation: { email: string }) => invitation.email)).toEqual(["later@example.test"]);
  });

  it("lets only its managers add or list: 403 for others, 404 for a missing enterprise, 422 for a bad email, 400 for malformed JSON", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    expect((await callRoute(managersRoute, { token: stranger.token, params: { enterpriseId: hub.id }, body: { email: stranger.email } })).status).toBe(403);
    expect((await callRoute(managersRoute, { token: stranger.token, params: { enterpriseId: hub.id } })).status).toBe(403);
    expect((await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: "missing" }, body: { email: "a@example.test" } })).status).toBe(404);
    const bad = await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "not an email" } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.fields.email).toBe("Enter a valid email address.");
    expect((await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: "email=x" })).status).toBe(400);
    expect(await managerIds(hub.id)).toEqual([owner.id]);
    expect(await getDb().select().from(managerInvitations).where(eq(managerInvitations.enterpriseId, hub.id))).toEqual([]);
    expect(await invitationEmails("a@example.test")).toEqual([]);
  });
});

describe("removing a manager", () => {
  it("removes a manager who is not the owner", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: colleague.email } });
    await removeManager(await actorFor(owner), hub.id, colleague.id);
    expect(await managerIds(hub.id)).toEqual([owner.id]);
  });

  it("never removes the owner, nor the last manager", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: colleague.email } });
    await expect(removeManager(await actorFor(colleague), hub.id, owner.id)).rejects.toMatchObject({
      code: "validation_failed",
      fields: { userId: { key: "ownerStaysManager" } },
    });
    expect(await managerIds(hub.id)).toEqual([owner.id, colleague.id].sort());
  });

  it("lets nobody but its managers remove one, and answers 404 for someone who is not a manager", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: colleague.email } });
    await expect(removeManager(await actorFor(stranger), hub.id, colleague.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeManager(await actorFor(owner), hub.id, stranger.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await managerIds(hub.id)).toEqual([owner.id, colleague.id].sort());
  });
});
