package dev.dx.bench.teleport;

import dev.dx.teleport.Teleport;
import java.util.List;

/**
 * The larger benchmark message: 20 fields of mixed primitive types, a string and a slice of five
 * {@link FuelFigure} structs. Teleport layout (TELEPORT.md §3): a 104-byte root struct aligned
 * to 8 (4 padding bytes after {@code colour}), then the slice's 5 × 12 bytes, the data section
 * padded to 168 bytes, then the model string.
 *
 * @param id             identifier
 * @param modelYear      model year
 * @param engineCapacity engine capacity
 * @param cylinders      cylinders
 * @param available      available for sale
 * @param mileage        mileage
 * @param price          price
 * @param fuelEconomy    fuel economy
 * @param maxRpm         maximum rpm
 * @param maxSpeed       maximum speed
 * @param weight         weight
 * @param doors          doors
 * @param seats          seats
 * @param electric       electric drive
 * @param automatic      automatic gearbox
 * @param colour         colour as RGB
 * @param vinHigh        high half of a vehicle number
 * @param vinLow         low half of a vehicle number
 * @param latitude       where it is
 * @param longitude      where it is
 * @param model          model name
 * @param fuelFigures    five fuel figures
 */
@Teleport
public record Car(
        long id,
        int modelYear,
        short engineCapacity,
        byte cylinders,
        boolean available,
        long mileage,
        double price,
        float fuelEconomy,
        int maxRpm,
        short maxSpeed,
        short weight,
        byte doors,
        byte seats,
        boolean electric,
        boolean automatic,
        int colour,
        long vinHigh,
        long vinLow,
        double latitude,
        double longitude,
        String model,
        List<FuelFigure> fuelFigures) {

    /**
     * Makes the list immutable.
     */
    public Car {
        fuelFigures = List.copyOf(fuelFigures);
    }
}
