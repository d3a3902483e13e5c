import { GatewayError, type OrganizationRepository } from '@switchyard/core';
import { parseNewOrganization, parseNewUser, parseRole } from './admin-requests.js';
import { createOrganization, createUser, removeMember, setMember, type InTransaction } from './organization-admin.js';

export const ORGS_HELP = `Usage: switchyard-orgs <command> [options]

Commands:
  user --email EMAIL [--first-name NAME] [--last-name NAME]   create a user; prints its id
  org --name NAME                  create an organisation; prints its id and its first management key (shown once)
  member --account ID --user ID --role admin|member           add a user to an account or change their role
  remove-member --account ID --user ID                        remove a user from an account
  members --account ID             list an account's members

Options: --config FILE, --data-dir DIR (as for switchyard-server; the same database is used).`;

export interface OrgsCommand {
  readonly command: string | undefined;
  readonly email?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly name?: string | undefined;
  readonly account?: string | undefined;
  readonly user?: string | undefined;
  readonly role?: string | undefined;
}

export interface OrgsCliDeps {
  readonly transaction: InTransaction;
  readonly organizations: OrganizationRepository;
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new GatewayError('invalid_request', `--${option}: Required`);
  return value;
}

/** Runs one organisation command against the store; returns what to print. Refusals are `GatewayError`s. */
export async function runOrgsCommand(deps: OrgsCliDeps, input: OrgsCommand, now: Date): Promise<string> {
  switch (input.command) {
    case 'user': {
      const request = parseNewUser({ email: input.email, first_name: input.firstName, last_name: input.lastName });
      const user = await createUser(deps.transaction, request, now);
      return `user ${user.id} <${user.email}>`;
    }
    case 'org': {
      const org = await createOrganization(deps.transaction, parseNewOrganization({ name: input.name }).name, now);
      return `organization ${org.id} "${org.name}"\nmanagement key (shown once): ${org.managementKey}`;
    }
    case 'member': {
      const account = required(input.account, 'account');
      const membership = await setMember(deps.transaction, account, required(input.user, 'user'), parseRole({ role: input.role }), now);
      return `${membership.userId} is ${membership.role} of ${membership.accountId}`;
    }
    case 'remove-member':
      await removeMember(deps.transaction, required(input.account, 'account'), required(input.user, 'user'));
      return `${input.user ?? ''} removed from ${input.account ?? ''}`;
    case 'members': {
      const page = await deps.organizations.listMembers(required(input.account, 'account'), { offset: 0, limit: 1000 });
      return page.items.map((member) => `${member.user.id}  ${member.role.padEnd(6)}  ${member.user.email}`).join('\n') || '(no members)';
    }
    default:
      throw new GatewayError('invalid_request', `unknown command ${input.command ?? '(none)'}; expected user, org, member, remove-member or members`);
  }
}
