import type { Page, PageRequest } from './store.js';

/** A personal account (one person's credits and keys) or an organisation (members share them). */
export type AccountKind = 'personal' | 'organization';

/** A member's role in an organisation: admins manage keys and guardrails and see all activity. */
export type MemberRole = 'admin' | 'member';

/** A person who can belong to organisations (no login: users act through keys they created). */
export interface UserRecord {
  /** Opaque id, e.g. "user_01J…". */
  readonly id: string;
  /** Unique (case-insensitive: stored lower-cased). */
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly createdAt: Date;
}

export interface MembershipRecord {
  readonly accountId: string;
  readonly userId: string;
  readonly role: MemberRole;
  readonly createdAt: Date;
}

/** A member as `GET /organization/members` lists it: the user and their role. */
export interface MemberRecord {
  readonly user: UserRecord;
  readonly role: MemberRole;
}

/**
 * Users, organisations and memberships (migration `0007-organizations`). Every read that takes an
 * `accountId` sees only that account's memberships.
 */
export interface OrganizationRepository {
  /** Stores a new user; undefined when the email is already taken. */
  createUser(input: UserRecord): Promise<UserRecord | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  /** The account's kind; undefined when the account does not exist. */
  accountKind(accountId: string): Promise<AccountKind | undefined>;
  /** Marks an existing account as an organisation (accounts are personal by default). */
  setAccountKind(accountId: string, kind: AccountKind): Promise<boolean>;
  /** Adds the user to the account or changes their role; returns the membership. */
  setMembership(input: MembershipRecord): Promise<MembershipRecord>;
  /** false when the user was not a member. */
  removeMembership(accountId: string, userId: string): Promise<boolean>;
  membership(accountId: string, userId: string): Promise<MembershipRecord | undefined>;
  /** Members of the account, oldest membership first. */
  listMembers(accountId: string, page: PageRequest): Promise<Page<MemberRecord>>;
}
