package dev.dx.bench.teleport;

import dev.dx.teleport.Teleport;
/**
 * The small benchmark message: the spec's example type (TELEPORT.md §5). Teleport layout:
 * {@code struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8}.
 *
 * @param id     an identifier
 * @param name   a short UTF-8 name
 * @param age    an age
 * @param active a flag
 */
@Teleport
public record User(long id, String name, byte age, boolean active) {
}
