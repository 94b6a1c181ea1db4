import { BUILTIN_MEMORY_TECHNOLOGIES } from './builtin-technologies.ts';
import type { MemorySection, MemoryTechnology } from './memory-technology.ts';

// Keyed by `memory.model`. Built-ins first; `registerMemoryTechnology` adds more at run time.
const technologies = new Map<string, MemoryTechnology>();
for (const t of BUILTIN_MEMORY_TECHNOLOGIES) technologies.set(t.name, t as unknown as MemoryTechnology);

/**
 * Adds a memory technology (the public extension point: a new DRAM standard is a folder that
 * exports one `MemoryTechnology`). From then on arch files may name it in `memory.model`,
 * and validation, the simulator, the bounds and the power model use it.
 */
export function registerMemoryTechnology<S extends MemorySection>(technology: MemoryTechnology<S>): void {
  if (technologies.has(technology.name)) throw new Error(`memory technology '${technology.name}' is already registered`);
  technologies.set(technology.name, technology as unknown as MemoryTechnology);
}

/** Removes a technology registered at run time (tests); built-ins stay. */
export function unregisterMemoryTechnology(name: string): void {
  if (BUILTIN_MEMORY_TECHNOLOGIES.some((t) => t.name === name)) throw new Error(`memory technology '${name}' is built in`);
  technologies.delete(name);
}

/** The technology a validated `memory:` section names (validation guarantees it exists). */
export function memoryTechnology(spec: MemorySection): MemoryTechnology {
  const t = technologies.get(spec.model);
  if (!t) throw new Error(`no memory technology '${spec.model}' is registered (known: ${memoryTechnologyNames().join(', ')})`);
  return t;
}

export function findMemoryTechnology(name: string): MemoryTechnology | undefined {
  return technologies.get(name);
}

export function memoryTechnologies(): MemoryTechnology[] {
  return [...technologies.values()];
}

export function memoryTechnologyNames(): string[] {
  return [...technologies.keys()];
}
