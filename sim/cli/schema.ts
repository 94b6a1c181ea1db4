import { archJsonSchemaText } from '../arch/json-schema.ts';
import { defineCommand } from './command.ts';

export const schemaCommand = defineCommand({
  name: 'schema',
  describe: 'Print the JSON Schema of the architecture YAML',
  builder: (y) => y,
  run: () => {
    process.stdout.write(archJsonSchemaText());
    return 0;
  },
});
