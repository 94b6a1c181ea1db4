import { archJsonSchema, archJsonSchemaText } from '../arch/json-schema.ts';
import { defineCommand } from './command.ts';

export const schemaCommand = defineCommand({
  name: 'schema',
  describe: 'Print the JSON Schema of the architecture YAML',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print the schema as one compact JSON object (one line)' }),
  run: (args) => {
    // Without --json it is already JSON, pretty-printed as docs/arch.schema.json is.
    process.stdout.write(args.json ? JSON.stringify(archJsonSchema()) + '\n' : archJsonSchemaText());
    return 0;
  },
});
