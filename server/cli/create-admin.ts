import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { migrate } from '../db/migrate.ts'
import { hashPassword, passwordFault } from '../auth/passwords.ts'
import { issueMessage } from '../domain/issue-codes.ts'
import { loadQueries } from '../db/queries.ts'

// Creates the first admin of a server database:
//   DATABASE_URL=postgres://… ZD_ADMIN_PASSWORD='…' npm run create-admin -- <username>
// The password comes from ZD_ADMIN_PASSWORD (not the command line, which other users can see in ps). It is an initial
// password, known to whoever ran this: the admin must change it at the first login (403 PASSWORD_CHANGE_REQUIRED).
const q = loadQueries('auth', ['user_by_name', 'create_user', 'require_password_change'])
const username = (process.argv[2] ?? 'admin').trim().toLowerCase()
const password = process.env.ZD_ADMIN_PASSWORD ?? ''

const config = loadConfig()
const fault = passwordFault(password, username, config.securityPolicy)
if (fault) {
  console.error(`ZD_ADMIN_PASSWORD is too weak: ${issueMessage(fault.code, 'en', fault.params)}`)
  process.exit(2)
}
if (!/^[a-z][a-z0-9_.-]{1,31}$/.test(username)) {
  console.error('The username must be 2–32 characters: a–z first, then a–z, 0–9, _ . -')
  process.exit(2)
}
const db = await openDatabase(config)
await migrate(db)
// As the server does after its start-up: the rest runs as the application's role.
await db.useAppRole?.()
if ((await db.query(q.user_by_name, [username])).length) {
  console.error(`User ${username} already exists; nothing changed.`)
  await db.close()
  process.exit(1)
}
const hash = await hashPassword(password)
await db.transaction(async (tx) => {
  const [created] = await tx.query<{ id: number }>(q.create_user, [username, 'admin', hash, false])
  await tx.query(q.require_password_change, [created!.id])
})
console.log(`Created admin ${username} on the ${db.kind} database; the password must be changed at the first login.`)
await db.close()
