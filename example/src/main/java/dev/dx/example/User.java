package dev.dx.example;

import dev.dx.teleport.Teleport;

/**
 * A user as {@link UserService} answers it: a Teleport/1 struct. The annotation processor generates
 * {@code User_Teleport} beside it (layout constants, the codec that writes a {@code User} and the
 * flyweight {@code User_Teleport.View} that reads one in place):
 *
 * <pre>
 * offset  size  field   type
 *      0     8  id      i64
 *      8     8  name    string (u32 offset, u32 length)
 *     16     1  age     i8
 *     17     1  active  bool
 *     18     6  (padding)
 * </pre>
 *
 * @param id the user's id
 * @param name the user's name, UTF-8 on the wire
 * @param age the user's age in years
 * @param active whether the account is active
 */
@Teleport
public record User(long id, String name, byte age, boolean active) {
}
